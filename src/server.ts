import 'reflect-metadata';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/core';
import { GraphQLEnumType } from 'graphql';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from './config';
import { COST_LIMIT, costLimitPlugin } from './common/cost';
import { AppError, makeFormatError, maskPhones } from './common/errors';
import { checkSearchParams, inputGuardPlugin } from './common/input-guard';
import { logger } from './common/logger';
import { startTimeLimit, TIMED_OUT, timeLimitPlugin, withinTimeLimit } from './common/time-limit';
import { createContext, systemClock, type AppDeps, type Clock, type Context } from './context';
import { importFromRequest, templateFromRequest, TooLarge } from './modules/intake/intake-http';
import { FileError } from './modules/intake/intake-read';
import { ledgerCsv, ledgerWorkbook, type LedgerCampaign } from './modules/report/ledger';
import { trackingRoute, wantsTrackingPage } from './modules/tracking/tracking-http';
import { meetingExportRoute } from './modules/meetings/meetings-export';
import { getSchema } from './schema';
import { serveWebApp } from './web-app';

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
    // Depth 8: the deepest README example (runMatching's explanations) is 7.
    maxDepth: { n: 8 },
    maxAliases: { n: 15 },
    // Token limit: graphql-js's own parser option (below), so an over-long document is a 400 parse failure.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    // Off: src/common/cost.ts counts cost instead, with the variables' values (armor's counts `first: $n` as 1 and a list as one row).
    costLimit: { enabled: false },
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
    plugins: [...protection.plugins, inputGuardPlugin, costLimitPlugin(COST_LIMIT), timeLimitPlugin(), ApolloServerPluginLandingPageDisabled()],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: 1000 },
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  await apollo.start();

  // Slow clients hold nothing: a request's headers, and the whole request, must arrive within
  // requestTimeoutMs, else Node answers 408 and closes the connection (checked every second rather
  // than Node's 30 s); an idle keep-alive connection is closed after 5 s.
  const http = createHttpServer({
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs / 4),
  }, (req, res) => {
    handle(req, res).catch((e) => {
      logger.error('http handler failed', { error: (e as Error).stack });
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error: the failure was logged');
    });
  });

  // Past maxConnections Node closes a new connection as soon as it is accepted: that client sees
  // the connection closed (or reset) with no answer, and the connections already open are served.
  http.maxConnections = config.maxConnections;
  let dropped = 0;
  let droppedLoggedAt = 0;
  http.on('drop', () => {
    dropped += 1;
    if (Date.now() - droppedLoggedAt < 60_000) return; // once a minute, however many
    droppedLoggedAt = Date.now();
    logger.warn('connection refused: the server holds as many as it serves', { maxConnections: config.maxConnections, refusedSinceStart: dropped });
  });

  /** The request's context when it carries a valid token; else a 401 is sent and null returned (the files' routes, not GraphQL). */
  async function signedIn(req: IncomingMessage, res: ServerResponse): Promise<Context | null> {
    const ctx = await createContext(deps, { authorization: req.headers.authorization, clientAddress: req.socket.remoteAddress ?? null });
    if (ctx.viewer) return ctx;
    sendError(res, 401, 'UNAUTHENTICATED', 'Sign in first: send "Authorization: Bearer <token>" from the login mutation');
    return null;
  }

  /** POST /import/demands|visits|supply (src/modules/intake/intake-http.ts): a township's or a department's list from a spreadsheet. */
  async function importList(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      sendError(res, 405, 'BAD_REQUEST', 'A list is imported with POST, the file as the body');
      return;
    }
    const ctx = await signedIn(req, res);
    if (!ctx) return;
    try {
      checkSearchParams(url.searchParams);
      const report = await importFromRequest(ctx, req, url);
      send(res, report.problemCount ? 422 : 200, report);
    } catch (e) {
      if (e instanceof TooLarge) {
        res.setHeader('connection', 'close');
        sendError(res, 413, 'BAD_REQUEST', e.message);
      } else if (e instanceof FileError) sendError(res, 400, 'BAD_USER_INPUT', e.message, { file: true, ...e.detail });
      else if (e instanceof AppError) sendAppError(res, e);
      else throw e;
    } finally {
      ctx.em.clear();
    }
  }

  /** GET /export/ledger.xlsx|csv?campaignId=…&regionId=… with the bearer token of an organization department. */
  async function exportLedger(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') {
      sendError(res, 405, 'BAD_REQUEST', 'The ledgers are read with GET');
      return;
    }
    const ctx = await signedIn(req, res);
    if (!ctx) return;
    const campaignId = url.searchParams.get('campaignId');
    const regionId = url.searchParams.get('regionId');
    try {
      // The edge's check on every string, as for GraphQL arguments: a NUL must not reach the database.
      checkSearchParams(url.searchParams);
      // The file names its campaign, and says how it was chosen when none was named (X-Peican-Campaign-Chosen).
      const named = (campaign: LedgerCampaign, ext: string) => {
        res.statusCode = 200;
        res.setHeader('x-peican-campaign', campaign.campaign.id);
        res.setHeader('x-peican-campaign-chosen', campaign.chosen);
        res.setHeader('content-disposition', `attachment; filename="ledger-${campaign.campaign.id.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}"`);
      };
      if (url.pathname.endsWith('.csv')) {
        const { csv, campaign } = await ledgerCsv(ctx, campaignId, regionId);
        named(campaign, 'csv');
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.end(csv);
      } else {
        const { book, campaign } = await ledgerWorkbook(ctx, campaignId, regionId);
        named(campaign, 'xlsx');
        res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.end(book);
      }
    } catch (e) {
      if (e instanceof AppError) {
        sendAppError(res, e);
        return;
      }
      throw e;
    } finally {
      ctx.em.clear();
    }
  }

  /** GET /track/CODE (src/modules/tracking/): a demand's progress by its tracking code, for anyone, no token; rate-limited per address. */
  const track = trackingRoute(deps);
  /** GET /export/meeting.xlsx?meetingId=… | ?townshipId=…&date=…[&villageId=…] (src/modules/meetings/): a joint meeting's minutes or agenda, with the bearer token as for the ledgers. */
  const meetingExport = meetingExportRoute(deps);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // No cache may keep anything this server sends: GraphQL answers and ledgers carry phone numbers.
    res.setHeader('cache-control', 'no-store');
    if (url.pathname === '/health') {
      send(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname.startsWith('/track/') && !wantsTrackingPage(req)) {
      await track(req, res, url);
      return;
    }
    if (url.pathname === '/export/meeting.xlsx') {
      await meetingExport(req, res, url);
      return;
    }
    if (url.pathname === '/export/ledger.xlsx' || url.pathname === '/export/ledger.csv') {
      await exportLedger(req, res, url);
      return;
    }
    if (url.pathname.startsWith('/import/template/')) {
      // GET /import/template/demands|visits|supply: the template workbook, for those who may import that kind.
      if (req.method !== 'GET') {
        sendError(res, 405, 'BAD_REQUEST', 'A template is read with GET');
        return;
      }
      const ctx = await signedIn(req, res);
      if (!ctx) return;
      try {
        const { body, headers } = await templateFromRequest(ctx, url);
        for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
        res.end(body);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        sendAppError(res, e);
      } finally {
        ctx.em.clear();
      }
      return;
    }
    if (url.pathname === '/import/demands' || url.pathname === '/import/supply' || url.pathname === '/import/visits') {
      await importList(req, res, url);
      return;
    }
    if (url.pathname !== '/graphql') {
      // GraphiQL (the web app's /explorer) reads the schema by introspection: where that is off (production), so is it.
      const explorer = url.pathname === '/explorer' || url.pathname.startsWith('/explorer/');
      if (!(explorer && !config.introspection) && serveWebApp(req, res, url)) return;
      sendError(res, 404, 'NOT_FOUND', 'Not found: the API is at /graphql');
      return;
    }
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    if (body === ABORTED) return; // the client went away, or was cut off by the request timeout (408)
    if (body === TOO_LARGE) {
      // The rest of the body is read and dropped (readBody); the connection closes once this is flushed.
      res.setHeader('connection', 'close');
      send(res, 413, { errors: [{ message: `The request body is over ${format(MAX_BODY_BYTES)} bytes: send a shorter document and variables`, extensions: { code: 'BAD_REQUEST' } }] });
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
        sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
        return;
      }
    }
    const httpGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsed };
    const timeLimit = startTimeLimit(httpGraphQLRequest, config.queryTimeoutMs);
    const result = await withinTimeLimit(timeLimit, apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => createContext(deps, { authorization: req.headers.authorization, clientAddress: req.socket.remoteAddress ?? null }),
    }));
    if (result === TIMED_OUT) {
      const error = timeLimit.error();
      send(res, 503, { errors: [{ message: error.message, extensions: error.extensions }] });
      return;
    }
    const size = result.body.kind === 'complete' ? Buffer.byteLength(result.body.string) : 0;
    if (size > config.maxResponseBytes) {
      send(res, 400, { errors: [answerTooLarge(size, config.maxResponseBytes, timeLimit.isMutation)] });
      return;
    }
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.setHeader('cache-control', 'no-store'); // over any cache policy of Apollo's
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
const ABORTED = Symbol('aborted');

/**
 * The body, TOO_LARGE past MAX_BODY_BYTES, or ABORTED when the connection closed first. Past the
 * limit the rest is read and dropped, not kept, and the request is not destroyed: a reset could
 * overtake the 413 on its way, and the client would see a broken connection instead of the answer.
 */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE | typeof ABORTED> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size - chunk.length <= MAX_BODY_BYTES) {
        // The chunk that crosses the limit: answer now, keep nothing of it or of what follows.
        chunks.length = 0;
        resolve(TOO_LARGE);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(ABORTED));
  });
}

const format = (n: number) => n.toLocaleString('en-US');

/** An answer over the limit is not sent: it would hold the line and the memory of a large client. */
function answerTooLarge(size: number, limit: number, mutation: boolean) {
  const made = mutation ? ' The change itself was made: read it back with a smaller selection.' : '';
  return {
    message: `The answer is ${format(size)} bytes, over the limit of ${format(limit)} bytes: ask for fewer rows (a smaller "first", then the next page with "after") or fewer fields.${made}`,
    extensions: { code: 'BAD_USER_INPUT', size, limit },
  };
}

/** An error the HTTP front answers itself, shaped as GraphQL's, with a code and no phone number (as formatError does). */
function sendError(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  send(res, status, { errors: [{ message: maskPhones(message), extensions: { ...extensions, code } }] });
}

/** A refusal of the files' routes (ledgers, imports) with the HTTP status its code means. */
function sendAppError(res: ServerResponse, e: AppError): void {
  const code = String(e.extensions.code);
  const status = ({ FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, UNAUTHENTICATED: 401 } as Record<string, number>)[code] ?? 400;
  sendError(res, status, code, e.message, e.extensions);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
