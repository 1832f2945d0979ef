import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../../src/web-app';
import { startApp, type TestApp } from '../support/app';

/**
 * The server serves the web app's build (web/dist, made by `npm test`'s build:web) at /: a page path
 * gets the app, an asset its file; GraphiQL's page (/explorer) only where introspection is on, which
 * production turns off.
 */

let dev: TestApp;
let production: TestApp;
beforeAll(async () => {
  dev = await startApp(undefined, { introspection: true });
  production = await startApp(undefined, { introspection: false });
});
afterAll(async () => {
  await dev?.close();
  await production?.close();
});
const get = (app: TestApp, path: string) => fetch(new URL(path, app.url));

describe.runIf(existsSync(join(webRoot, 'index.html')))('the web app', () => {
  it('answers a page path with the app, and a missing asset with 404', async () => {
    const page = await get(dev, '/township');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="app">');
    expect((await get(dev, '/assets/nothing-here.js')).status).toBe(404);
  });

  it('serves the explorer (GraphiQL) in development, and not where introspection is off', async () => {
    expect((await get(dev, '/explorer')).status).toBe(200);
    const refused = await get(production, '/explorer');
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('<div id="app">');
    // The rest of the app is served there as ever.
    expect((await get(production, '/login')).status).toBe(200);
  });
});
