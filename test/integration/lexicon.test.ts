import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * The service matches with the project's lexicon (lexicon/, issue 14): on the demo campaign only
 * the hard cases go to the desk (D-109 牧区羊病防治培训 among the placed, issue 14 item 6), and
 * an explanation names the concepts that carried it.
 */

let app: TestApp;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(readDemoData(), { lexicon: true });
  as = await app.loginAll(['org-city']);
});
afterAll(() => app?.close());

describe(`matching with the lexicon, through the service (${DB_KIND})`, () => {
  it('escalates only the hard cases of the demo, and explains a placement by its concepts', async () => {
    const r = await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { escalated escalatedByReason { reason count } } }', {}, as('org-city'));
    expect(r.errors).toBeUndefined();
    expect(r.data.runMatching.escalatedByReason).toEqual([{ reason: 'HARD_CASE', count: 6 }]);
    const d109 = await app.gql('{ demandItem(id: "D-109") { status assignment { supplyItem { title } explanation { summary parts { concepts matchedTerms } } } } }', {}, as('org-city'));
    expect(d109.data.demandItem.status).toBe('MATCHED');
    expect(d109.data.demandItem.assignment.supplyItem.title).toMatch(/羊/);
    expect(d109.data.demandItem.assignment.explanation.parts.concepts.length).toBeGreaterThan(0);
    expect(d109.data.demandItem.assignment.explanation.summary).toContain('词库概念');
  });
});
