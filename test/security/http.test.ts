import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The HTTP front against clients that hold it: bodies too large, bodies and headers sent a byte
 * at a time, more connections than it serves. The timeouts are configured short (1 s) here.
 */

const REQUEST_TIMEOUT_MS = 1_000;
const MAX_CONNECTIONS = 4;

interface RawExchange {
  /** What the server sent. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/** Opens a TCP connection, hands it to `talk`, and resolves once the server closes it (or fails after `giveUpMs`). */
function rawConnection(url: string, talk: (socket: Socket) => void, giveUpMs = 10_000): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = connect(Number(port), hostname, () => talk(socket));
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the connection after ${giveUpMs} ms; received: ${JSON.stringify(received)}`));
    }, giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
  });
}

/** Writes `text` one byte per `everyMs` until the socket closes. */
function trickle(socket: Socket, text: string, everyMs = 1_000): void {
  let i = 0;
  const next = () => {
    if (socket.destroyed || i >= text.length) return;
    socket.write(text[i++]);
    setTimeout(next, everyMs);
  };
  next();
}

describe(`slow and large requests (${DB_KIND})`, () => {
  let app: TestApp;
  let as: (username: string) => string;

  beforeAll(async () => {
    app = await startApp(smallWorld(), { requestTimeoutMs: REQUEST_TIMEOUT_MS });
    as = await app.loginAll(['org-city', 'township-tarhu']);
  });
  afterAll(() => app?.close());

  it('a body of 1.5 MB gets a 413 JSON answer that fetch reads, and the connection is closed', async () => {
    const before = await snapshot(app);
    const token = as('org-city');
    const query = `{ me { username } } # ${'x'.repeat(1_500_000)}`;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      const body = (await res.json()) as { errors: { message: string }[] };
      expect(body.errors[0].message).toMatch(/over 1,000,000 bytes/);
    }
    await expectUnchanged(app, before);
  });

  it('a client that sends its headers and then a body byte every second is cut off', async () => {
    const before = await snapshot(app);
    const body = JSON.stringify({ query: '{ __typename }' });
    const exchange = await rawConnection(app.url, (socket) => {
      socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      trickle(socket, body);
    });
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(exchange.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    await expectUnchanged(app, before);
  });

  it('a client that sends its headers a byte every second is cut off', async () => {
    const before = await snapshot(app);
    const exchange = await rawConnection(app.url, (socket) => trickle(socket, 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaa\r\n\r\n'));
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(exchange.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    await expectUnchanged(app, before);
  });

  it('GraphQL answers are sent with Cache-Control: no-store (they carry phone numbers)', async () => {
    const before = await snapshot(app);
    const token = as('township-tarhu');
    const post = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ supplyItems(first: 1) { nodes { contactPhone } } }' }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('cache-control')).toBe('no-store');
    const get = await fetch(`${app.url}?query=${encodeURIComponent('{ supplyItems(first: 1) { nodes { contactPhone } } }')}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    await expectUnchanged(app, before);
  });
});

describe(`the connection cap (${DB_KIND})`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(smallWorld(), { maxConnections: MAX_CONNECTIONS });
  });
  afterAll(() => app?.close());

  it(`past ${MAX_CONNECTIONS} connections a new one is closed at once, and served again once one is free`, async () => {
    const before = await snapshot(app);
    const { hostname, port } = new URL(app.url);
    const held: Socket[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      held.push(await new Promise<Socket>((resolve) => {
        const s = connect(Number(port), hostname, () => resolve(s));
        s.on('error', () => {});
      }));
    }
    // Let the server count them before the next one comes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await rawConnection(app.url, (socket) => socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n'), 5_000);
    expect(extra.received).toBe('');
    expect(extra.closedAfterMs).toBeLessThan(1_000);
    held.pop()!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const served = await rawConnection(app.url, (socket) => socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), 5_000);
    expect(served.received).toMatch(/^HTTP\/1\.1 200 /);
    for (const s of held) s.destroy();
    await expectUnchanged(app, before);
  });
});
