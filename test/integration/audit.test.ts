import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, startApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

/** The GraphQL-over-HTTP conformance audit, against the real server on a loopback port. */
describe(`graphql-http serverAudits (${DB_KIND})`, () => {
  it('ends no audit in error', async () => {
    const results = [];
    for (const audit of serverAudits({ url: () => app.url, fetchFn: fetch })) {
      results.push({ ...(await audit.fn()), id: audit.id, name: audit.name });
    }
    const errors = results.filter((r) => r.status === 'error');
    const warnings = results.filter((r) => r.status === 'warn').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    if (process.env.PEICAN_PRINT_AUDIT) console.log(warnings.join('\n'));
    expect(errors.map((e) => `${e.name}: ${'reason' in e ? e.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
