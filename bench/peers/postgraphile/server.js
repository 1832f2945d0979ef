// PostGraphile 4 over a database's public schema, for the API benchmark (bench/api.ts): node server.js DATABASE_URL PORT
const http = require('node:http');
const { postgraphile } = require('postgraphile');

const [url, port] = process.argv.slice(2);
const server = http.createServer(postgraphile(url, 'public', { disableQueryLog: true, graphiql: false, retryOnInitFail: false }));
server.listen(Number(port), '127.0.0.1', () => console.log(`listening at http://127.0.0.1:${server.address().port}/graphql`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
