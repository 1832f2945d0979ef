import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';
import { expectUnchanged, snapshot } from '../security/support';

/**
 * 建议派单 at the desk (issue 14, item 3): the desk sees the engine's suggestion on an escalation,
 * with its item and score, and places it with one move, acceptSuggestion, under every rule of a
 * hand assignment. (The engine's choice of a suggestion is tested in test/engine/suggestions.test.ts;
 * here the escalation is given one, as a run under the threshold would.)
 */

let app: TestApp;
let as: (user: string) => string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['org-city', 'org-wuyuan']);
  expect((await app.gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city'))).errors).toBeUndefined();
});
afterAll(() => app?.close());

const READ = `{ demandItem(id: "D-002") { status version assignment { tier supplyItem { id } note } escalation { detail { suggestion { supplyItem { id title } score tier } } } } }`;

describe(`the desk accepts a suggestion (${DB_KIND})`, () => {
  it('with no suggestion the move is refused, saying what to do instead, and nothing changes', async () => {
    const item = (await app.gql(READ, {}, as('org-city'))).data.demandItem;
    expect(item.status).toBe('ESCALATED');
    const before = await snapshot(app);
    const r = await app.gql(`mutation($i: AcceptSuggestionInput!) { acceptSuggestion(input: $i) { status } }`, { i: { demandItemId: 'D-002', version: item.version } }, as('org-city'));
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].extensions.allowed).toContain('assignByHand');
    await expectUnchanged(app, before);
  });

  it('shows the suggestion with its item, and one move places the demand there', async () => {
    // As a run under the threshold leaves it: the escalation names a plausible item of the demand's county.
    const connection = app.orm.em.fork().getConnection();
    const [row] = await connection.execute(`select id, detail from escalation where demand_item_id = 'D-002' and status = 'OPEN'`);
    const detail = typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail;
    detail.suggestion = { supplyId: 'S-K-001', departmentId: 'DEP-K-WY-NK', tier: 'COUNTY', score: 0.031, runnerUpScore: null };
    await connection.execute('update escalation set detail = ? where id = ?', [JSON.stringify(detail), row.id]);

    const item = (await app.gql(READ, {}, as('org-wuyuan'))).data.demandItem;
    expect(item.escalation.detail.suggestion).toMatchObject({ supplyItem: { id: 'S-K-001' }, score: 0.031, tier: 'COUNTY' });
    const r = await app.gql(`mutation($i: AcceptSuggestionInput!) { acceptSuggestion(input: $i) { status assignment { tier supplyItem { id } note } escalation { reason } } }`,
      { i: { demandItemId: 'D-002', version: item.version } }, as('org-wuyuan'));
    expect(r.errors).toBeUndefined();
    expect(r.data.acceptSuggestion).toMatchObject({ status: 'MATCHED', assignment: { tier: 'MANUAL', supplyItem: { id: 'S-K-001' }, note: '采纳系统建议派单' }, escalation: null });
  });
});
