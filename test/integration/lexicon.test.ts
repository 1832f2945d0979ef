import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category } from '../../src/common/enums';
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
  // D-001 (温室大棚番茄灰霉病) ticked 送文化 by mistake: the engine places it by its content, and says so.
  const data = readDemoData();
  data.demandItems = data.demandItems.map((d) => (d.id === 'D-001' ? { ...d, category: Category.CULTURE } : d));
  app = await startApp(data, { lexicon: true });
  as = await app.loginAll(['org-city', 'township-tarhu']);
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

  it('places a demand ticked in the wrong category by its content, and says so on the township\'s timeline', async () => {
    const r = await app.gql('{ demandItem(id: "D-001") { category status assignment { supplyItem { category title } explanation { suggestedCategory } } timeline { action note } } }', {}, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    const d = r.data.demandItem;
    expect(d).toMatchObject({ category: 'CULTURE', status: 'MATCHED', assignment: { supplyItem: { category: 'TECHNOLOGY' }, explanation: { suggestedCategory: 'TECHNOLOGY' } } });
    expect(d.assignment.supplyItem.title).toMatch(/番茄|大棚|设施/);
    expect(d.timeline.find((e: { action: string }) => e.action === 'MATCHED').note).toMatch(/^类别建议：按内容属「送科技」（申报为「送文化」/);
  });
});
