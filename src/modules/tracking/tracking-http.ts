import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../../auth/login-throttle';
import { createContext, type AppDeps } from '../../context';
import { parseTrackingCode } from './tracking-code';
import { trackDemand } from './tracking.service';

/**
 * GET /track/CODE: a demand's progress by its tracking code (查询码), as JSON, for anyone — no token
 * is needed and none is read. Lookups are limited per client address (IPv6 by its /64, as the login
 * throttle keys it): TRACK_LOOKUPS a TRACK_WINDOW_SECONDS, found or not, so codes cannot be guessed
 * by trying (2^50 of them); past it 429 with Retry-After. The counts are kept in this process's
 * memory, per server: a restart forgets them.
 *
 * A browser opening /track/CODE as a page (it asks for text/html) gets the web app instead, whose
 * page of the same path asks this route for the JSON.
 */

export const TRACK_LOOKUPS = 30;
export const TRACK_WINDOW_SECONDS = 60;

/** A person's browser opening the page, not a lookup: it asks for HTML and not for JSON. */
export function wantsTrackingPage(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  return /text\/html/i.test(accept) && !/application\/json/i.test(accept);
}

/** The route's handler, with its own limiter (one per server). */
export function trackingRoute(deps: AppDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const limiter = new RateLimiterMemory({ keyPrefix: 'track', points: TRACK_LOOKUPS, duration: TRACK_WINDOW_SECONDS });
  return async (req, res, url) => {
    res.setHeader('vary', 'accept');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(res, 405, 'BAD_REQUEST', 'A tracking code is looked up with GET /track/CODE');
      return;
    }
    const clientAddress = req.socket.remoteAddress ?? null;
    try {
      await limiter.consume(addressKey(clientAddress));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      res.setHeader('retry-after', String(seconds));
      fail(res, 429, 'TOO_MANY_REQUESTS', `Over ${TRACK_LOOKUPS} lookups in ${TRACK_WINDOW_SECONDS} s from your address: try again in ${seconds} s`, { retryAfterSeconds: seconds });
      return;
    }
    let typed: string;
    try {
      typed = decodeURIComponent(url.pathname.slice('/track/'.length)).replace(/\/$/, '');
    } catch {
      typed = '';
    }
    const code = parseTrackingCode(typed);
    if (!code) {
      fail(res, 400, 'BAD_USER_INPUT', 'That is not a tracking code: it is PC- and 10 letters and digits, as printed on the township\'s copy (PC-7K3M-9QXD-2F; case and dashes do not matter)', {
        field: 'code', allowed: 'PC-XXXX-XXXX-XX',
      });
      return;
    }
    // No authorization is passed on: the answer is the same for everyone, signed in or not.
    const ctx = await createContext(deps, { clientAddress });
    try {
      const tracked = await trackDemand(ctx, code);
      if (!tracked) {
        fail(res, 404, 'NOT_FOUND', `No demand has the tracking code ${code}: check it against the township's printed copy`, { field: 'code' });
        return;
      }
      send(res, 200, tracked);
    } finally {
      ctx.em.clear();
    }
  };
}

function fail(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  send(res, status, { errors: [{ message, extensions: { ...extensions, code } }] });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
