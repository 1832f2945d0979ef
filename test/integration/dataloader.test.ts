import { afterAll, beforeAll, expect, it } from 'vitest';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';

let app: TestApp;
beforeAll(async () => {
  app = await startApp(smallWorld(120));
});
afterAll(() => app?.close());

it(`lists demand items with township, county, list and campaign in a constant number of statements (${DB_KIND})`, async () => {
  const token = await app.login('org-city');
  const query = 'query($n:Int){ demandItems(first:$n) { nodes { id township { name } county { name } list { title campaign { name } } campaign { name } } } }';
  const statements = async (n: number) => {
    app.counter.reset();
    const r = await app.gql(query, { n }, token);
    expect(r.errors).toBeUndefined();
    expect(r.data.demandItems.nodes).toHaveLength(n);
    return app.counter.count;
  };
  const ten = await statements(10);
  const hundred = await statements(100);
  expect(hundred).toBe(ten);
  expect(ten).toBeLessThanOrEqual(8);
});
