import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * 补报 (issue 16): a township adds a late item to its submitted list, edits it as a draft and
 * submits it on its own; it then enters the loop like the list's items, its days counted from its
 * own submission. The list's submitted items stay read-only.
 */

let app: TestApp;
let as: (user: string) => string;
const DAY = 86_400_000;
const ITEM = 'id status version submittedAt list { id status }';

beforeAll(async () => {
  app = await startApp(readDemoData());
  as = await app.loginAll(['township-tarhu', 'township-ganzhaomiao', 'org-city']);
});
afterAll(() => app?.close());

const listOf = async () => (await app.gql('{ demandLists(first: 5) { nodes { id status submittedAt } } }', {}, as('township-tarhu'))).data.demandLists.nodes[0];
const input = (listId: string, over: Record<string, unknown> = {}) => ({
  listId, category: 'HEALTH', title: '老人冬季义诊', content: '村里独居老人二十多个，冬天出不了门，想请医生进村量血压', forms: ['CLINIC'], beneficiaries: 20, ...over,
});

describe(`a late item (补报) (${DB_KIND})`, () => {
  it('is added to a submitted list as a draft, edited, submitted on its own, and then placed by matching', async () => {
    const list = await listOf();
    expect(list.status).toBe('SUBMITTED');
    app.clock.set(new Date(Date.now() + 3 * DAY));
    const added = await app.gql(`mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { ${ITEM} } }`, { i: input(list.id) }, as('township-tarhu'));
    expect(added.errors).toBeUndefined();
    const item = added.data.addDemandItem;
    expect(item).toMatchObject({ status: 'DRAFT', submittedAt: null, list: { status: 'SUBMITTED' } });
    const edited = await app.gql(`mutation($i: UpdateDemandItemInput!) { updateDemandItem(input: $i) { ${ITEM} content } }`,
      { i: { ...input(list.id, { content: '村里独居老人二十多个，冬天出不了门，想请医生进村量血压、送药' }), listId: undefined, id: item.id } }, as('township-tarhu'));
    expect(edited.errors).toBeUndefined();
    // Another township may not submit it; the township itself may, once.
    expect(codeOf(await app.gql(`mutation($id: ID!) { submitDemandItem(id: $id) { id } }`, { id: item.id }, as('township-ganzhaomiao')))).toMatch(/NOT_FOUND|FORBIDDEN/);
    const submitted = await app.gql(`mutation($id: ID!) { submitDemandItem(id: $id) { ${ITEM} timeline { action note } } }`, { id: item.id }, as('township-tarhu'));
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitDemandItem).toMatchObject({ status: 'SUBMITTED', timeline: [{ action: 'SUBMITTED', note: '补报' }] });
    expect(new Date(submitted.data.submitDemandItem.submittedAt).getTime()).toBeGreaterThan(new Date(list.submittedAt).getTime());
    expect(codeOf(await app.gql(`mutation($id: ID!) { submitDemandItem(id: $id) { id } }`, { id: item.id }, as('township-tarhu')))).toBe('INVALID_STATE');
    // Now read-only like the rest of the list.
    expect(codeOf(await app.gql(`mutation($i: UpdateDemandItemInput!) { updateDemandItem(input: $i) { id } }`,
      { i: { ...input(list.id), listId: undefined, id: item.id } }, as('township-tarhu')))).toBe('INVALID_STATE');

    expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
    const placed = await app.gql('query($id: ID!) { demandItem(id: $id) { status assignment { department { name } } } }', { id: item.id }, as('township-tarhu'));
    expect(placed.data.demandItem.status).toBe('MATCHED');
    const report = await app.gql('{ matchReport(campaignId: "C-2019-WS") { total { demands } } }', {}, as('org-city'));
    expect(report.data.matchReport.total.demands).toBe(readDemoData().demandItems.length + 1);
  });

  it("a submitted list's own items stay read-only, and an item of a draft list goes with its list", async () => {
    const list = await listOf();
    const [first] = (await app.gql('query($id: ID!) { demandList(id: $id) { items { id } } }', { id: list.id }, as('township-tarhu'))).data.demandList.items;
    const r = await app.gql(`mutation($i: UpdateDemandItemInput!) { updateDemandItem(input: $i) { id } }`, { i: { ...input(list.id), listId: undefined, id: first.id } }, as('township-tarhu'));
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].message).toContain('read-only');
  });
});
