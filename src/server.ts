import 'reflect-metadata';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/core';
import { GraphQLEnumType } from 'graphql';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from './config';
import { AppError, makeFormatError } from './common/errors';
import { logger } from './common/logger';
import { createContext, systemClock, type AppDeps, type Clock, type Context } from './context';
import { ledgerCsv, ledgerWorkbook } from './modules/report/ledger';
import { getSchema } from './schema';

export interface PeicanServer {
  apollo: ApolloServer<Context>;
  http: Server;
  deps: AppDeps;
  /** Listen on a port (0 = any free one); resolves to the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/** Schema + Apollo + protections + a small HTTP front: POST/GET /graphql, GET /health and the ledger exports. */
export async function createServer(orm: MikroORM, config: Config, clock: Clock = systemClock): Promise<PeicanServer> {
  const schema = await getSchema();
  const deps: AppDeps = { orm, config, clock };
  const armor = new ApolloArmor({
    maxDepth: { n: 10 },
    maxAliases: { n: 15 },
    // Token limit: graphql-js's own parser option (below), so an over-long document is a 400 parse failure.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 20000 },
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();
  const enumValues = (name: string) => {
    const type = schema.getType(name);
    return type instanceof GraphQLEnumType ? type.getValues().map((v) => v.name) : undefined;
  };
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.stackTraces,
    formatError: makeFormatError(enumValues, config.stackTraces),
    plugins: [...protection.plugins, ApolloServerPluginLandingPageDisabled()],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: 2000 },
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  await apollo.start();

  const http = createHttpServer((req, res) => {
    handle(req, res).catch((e) => {
      logger.error('http handler failed', { error: (e as Error).stack });
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'Internal server error' }] });
    });
  });

  /** GET /export/ledger.xlsx|csv?campaignId=…&regionId=… with the bearer token of an organization department. */
  async function exportLedger(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') {
      send(res, 405, { errors: [{ message: 'Use GET' }] });
      return;
    }
    const ctx = await createContext(deps, { authorization: req.headers.authorization, clientAddress: req.socket.remoteAddress ?? null });
    if (!ctx.viewer) {
      send(res, 401, { errors: [{ message: 'Sign in first: send "Authorization: Bearer <token>" from the login mutation', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    const campaignId = url.searchParams.get('campaignId');
    const regionId = url.searchParams.get('regionId');
    try {
      if (url.pathname.endsWith('.csv')) {
        const csv = await ledgerCsv(ctx, campaignId, regionId);
        res.statusCode = 200;
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', 'attachment; filename="ledger.csv"');
        res.end(csv);
      } else {
        const xlsx = await ledgerWorkbook(ctx, campaignId, regionId);
        res.statusCode = 200;
        res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('content-disposition', 'attachment; filename="ledger.xlsx"');
        res.end(xlsx);
      }
    } catch (e) {
      if (e instanceof AppError) {
        const status = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 }[String(e.extensions.code)] ?? 400;
        send(res, status, { errors: [{ message: e.message, extensions: e.extensions }] });
        return;
      }
      throw e;
    } finally {
      ctx.em.clear();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      send(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname === '/export/ledger.xlsx' || url.pathname === '/export/ledger.csv') {
      await exportLedger(req, res, url);
      return;
    }
    if (url.pathname !== '/graphql') {
      send(res, 404, { errors: [{ message: 'Not found: the API is at /graphql' }] });
      return;
    }
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    if (body === TOO_LARGE) {
      send(res, 413, { errors: [{ message: `Request body over ${MAX_BODY_BYTES} bytes` }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let parsed: unknown = body;
    const contentType = headers.get('content-type') ?? '';
    if (typeof body === 'string' && contentType.includes('application/json')) {
      try {
        parsed = body === '' ? undefined : JSON.parse(body);
      } catch {
        send(res, 400, { errors: [{ message: 'The request body is not valid JSON' }] });
        return;
      }
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsed },
      context: () => createContext(deps, { authorization: req.headers.authorization, clientAddress: req.socket.remoteAddress ?? null }),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  return {
    apollo,
    http,
    deps,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}/graphql`);
        });
      }),
    stop: async () => {
      await new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      await apollo.stop();
    },
  };
}

const TOO_LARGE = Symbol('too large');

function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(TOO_LARGE);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
