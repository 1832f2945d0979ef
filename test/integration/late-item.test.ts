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

  it('an edit or a withdrawal that names the version it read is refused once the item has changed, and changes nothing', async () => {
    const list = await listOf();
    const added = (await app.gql(`mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { ${ITEM} } }`, { i: input(list.id, { title: '版本检查' }) }, as('township-tarhu'))).data.addDemandItem;
    const edit = (version: number, content: string) => app.gql(`mutation($i: UpdateDemandItemInput!) { updateDemandItem(input: $i) { version content } }`,
      { i: { ...input(list.id, { title: '版本检查', content }), listId: undefined, id: added.id, version } }, as('township-tarhu'));
    const first = await edit(added.version, '第一次修改');
    expect(first.errors).toBeUndefined();
    expect(first.data.updateDemandItem.version).toBe(added.version + 1);
    // A second tab still holding the first version: refused, the first edit kept.
    expect(codeOf(await edit(added.version, '旧页面的修改'))).toBe('CONFLICT');
    const read = async () => (await app.gql(`query($id: ID!) { demandItem(id: $id) { status version content } }`, { id: added.id }, as('township-tarhu'))).data.demandItem;
    expect(await read()).toMatchObject({ status: 'DRAFT', content: '第一次修改' });

    expect((await app.gql(`mutation($id: ID!) { submitDemandItem(id: $id) { id } }`, { id: added.id }, as('township-tarhu'))).errors).toBeUndefined();
    const withdraw = (version: number) => app.gql(`mutation($id: ID!, $v: Int) { withdrawDemandItem(id: $id, reason: "不需要了", version: $v) { status } }`, { id: added.id, v: version }, as('township-tarhu'));
    const submitted = await read();
    expect(codeOf(await withdraw(submitted.version - 1))).toBe('CONFLICT');
    expect((await read()).status).toBe('SUBMITTED');
    expect((await withdraw(submitted.version)).data.withdrawDemandItem.status).toBe('WITHDRAWN');
  });
});
