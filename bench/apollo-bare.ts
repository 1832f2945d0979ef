import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** A bare Apollo Server 5 (no auth, no plugins, one field), the peer of `{ __typename }` in the API benchmark (bench/api.ts). */
async function main(): Promise<void> {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  const { url } = await startStandaloneServer(apollo, { listen: { port: Number(process.argv[2] ?? 0), host: '127.0.0.1' } });
  console.log(`listening at ${url}`);
  process.once('SIGTERM', () => void apollo.stop().then(() => process.exit(0)));
}

void main();
