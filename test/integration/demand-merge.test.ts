import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { codeOf, DB_KIND, startApp, type TestApp } from '../support/app';
import { addSunflowerNeeds, SUNFLOWER } from '../support/common-need';

/**
 * Merge or keep (issue 17, item 3): a township's duplicates flagged on its list, merged into the one
 * kept or kept apart; a county's common need merged into one COMMON demand that the townships follow.
 */

let app: TestApp;
let as: (user: string) => string;
let listId: string;
/** Two pairs of one need entered twice by 塔尔湖镇. */
const chickens: string[] = [];
const school: string[] = [];
const common: string[] = [];

const ADD = 'mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }';
const LIST = `query($id: ID!) { demandList(id: $id) { duplicates { kind similarity members { demandItem { id title } } } } }`;
const ITEM = `query($id: ID!) { demandItem(id: $id) { id status kind beneficiaries title mergedInto { id status kind beneficiaries } mergedFrom { id } timeline { action note } } }`;
const GROUPS = 'query { demandGroups(campaignId: "C-2019-WS") { duplicates { members { demandItemId } } common { members { demandItemId } } } }';

const memberIds = (groups: any[]) => groups.map((g) => g.members.map((m: any) => m.demandItem?.id ?? m.demandItemId).sort());
const item = async (id: string, user: string) => (await app.gql(ITEM, { id }, as(user))).data?.demandItem;

beforeAll(async () => {
  app = await startApp(readDemoData(), { lexicon: true });
  as = await app.loginAll(['township-tarhu', 'township-ganzhaomiao', 'org-city', 'org-wuyuan', 'dept-nmj']);
  listId = (await app.gql('{ demandLists(first: 5) { nodes { id } } }', {}, as('township-tarhu'))).data.demandLists.nodes[0].id;
  const add = async (into: string[], category: string, title: string, content: string, beneficiaries: number) => {
    const r = await app.gql(ADD, { i: { listId, category, title, content, forms: ['ON_SITE'], beneficiaries } }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    into.push(r.data.addDemandItem.id);
  };
  await add(chickens, 'TECHNOLOGY', '鸡瘟', '家里的鸡一只接一只地死，想请兽医来看看', 10);
  await add(chickens, 'TECHNOLOGY', '鸡老是死', '养的鸡这几天一只接一只地死了，请兽医来看看咋回事', 12);
  await add(school, 'SERVICE', '娃上学没人接', '爸妈都出去打工了，娃上学放学没人接送，想找人帮着接送娃', 8);
  await add(school, 'SERVICE', '孩子放学没人接', '家里大人在外打工，孩子上学放学没人接送，盼着有人帮忙接送孩子', 20);
  common.push(...(await addSunflowerNeeds(app)));
});
afterAll(() => app?.close());

describe(`merge or keep (${DB_KIND})`, () => {
  it("flags a need entered twice on the township's list", async () => {
    const r = await app.gql(LIST, { id: listId }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    const groups = memberIds(r.data.demandList.duplicates);
    expect(groups).toContainEqual([...chickens].sort());
    expect(groups).toContainEqual([...school].sort());
  });

  it('keeps two apart at the organizer\'s word: they are not flagged again; another township may not', async () => {
    expect(codeOf(await app.gql('mutation($ids: [ID!]!) { keepDemandsApart(demandItemIds: $ids) }', { ids: chickens }, as('township-ganzhaomiao')))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql('mutation($ids: [ID!]!) { keepDemandsApart(demandItemIds: $ids) }', { ids: chickens }, as('dept-nmj')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql('mutation($ids: [ID!]!) { keepDemandsApart(demandItemIds: $ids) }', { ids: [chickens[0]] }, as('township-tarhu')))).toBe('BAD_USER_INPUT');
    const r = await app.gql('mutation($ids: [ID!]!) { keepDemandsApart(demandItemIds: $ids) }', { ids: chickens }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    // Said twice, it is the same decision.
    expect((await app.gql('mutation($ids: [ID!]!) { keepDemandsApart(demandItemIds: $ids) }', { ids: [...chickens].reverse() }, as('township-tarhu'))).errors).toBeUndefined();
    const groups = memberIds((await app.gql(LIST, { id: listId }, as('township-tarhu'))).data.demandList.duplicates);
    expect(groups).not.toContainEqual([...chickens].sort());
    expect(groups).toContainEqual([...school].sort());
    for (const id of chickens) expect((await item(id, 'township-tarhu')).status).toBe('DRAFT');
  });

  it('merges a duplicate into the one kept: WITHDRAWN, linked, on its timeline, the larger count standing', async () => {
    const [keep, dup] = school;
    const M = 'mutation($k: ID!, $d: [ID!]!) { mergeDuplicates(keepId: $k, duplicateIds: $d) { id beneficiaries mergedFrom { id } } }';
    expect(codeOf(await app.gql(M, { k: keep, d: [dup] }, as('org-wuyuan')))).toBe('FORBIDDEN');
    // A member of another township is refused, and nothing changes.
    expect(codeOf(await app.gql(M, { k: keep, d: [dup, common[0]] }, as('township-tarhu')))).toBe('NOT_FOUND');
    expect((await item(dup, 'township-tarhu')).status).toBe('DRAFT');
    const r = await app.gql(M, { k: keep, d: [dup] }, as('township-tarhu'));
    expect(r.errors).toBeUndefined();
    expect(r.data.mergeDuplicates).toEqual({ id: keep, beneficiaries: 20, mergedFrom: [{ id: dup }] });
    const merged = await item(dup, 'township-tarhu');
    expect(merged).toMatchObject({ status: 'WITHDRAWN', mergedInto: { id: keep, status: 'DRAFT' } });
    expect(merged.timeline.at(-1)).toMatchObject({ action: 'MERGED' });
    expect(merged.timeline.at(-1).note).toContain(keep);
    expect((await item(keep, 'township-tarhu')).timeline.at(-1)).toMatchObject({ action: 'MERGED_IN' });
    expect(memberIds((await app.gql(LIST, { id: listId }, as('township-tarhu'))).data.demandList.duplicates)).not.toContainEqual([...school].sort());
    // Merged once, it cannot be merged again.
    expect(codeOf(await app.gql(M, { k: keep, d: [dup] }, as('township-tarhu')))).toBe('INVALID_STATE');
    // A late item submitted goes alone: the merged one stays WITHDRAWN.
    expect((await app.gql('mutation($id: ID!) { submitDemandItem(id: $id) { status } }', { id: keep }, as('township-tarhu'))).data.submitDemandItem.status).toBe('SUBMITTED');
    expect((await item(dup, 'township-tarhu')).status).toBe('WITHDRAWN');
  });

  it("merges a county's common need into one COMMON demand, beneficiaries summed, that each township follows", async () => {
    const M = 'mutation($i: MergeCommonNeedInput!) { mergeCommonNeed(input: $i) { id kind status beneficiaries title content township { id } mergedFrom { id } } }';
    const before = (await app.gql(GROUPS, {}, as('org-wuyuan'))).data.demandGroups.common;
    expect(before.some((g: any) => common.every((id) => g.members.some((m: any) => m.demandItemId === id)))).toBe(true);
    expect(codeOf(await app.gql(M, { i: { demandItemIds: common } }, as('township-tarhu')))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(M, { i: { demandItemIds: common } }, as('dept-nmj')))).toBe('FORBIDDEN');
    // Members of two categories, or still a draft, are refused with nothing changed.
    expect(codeOf(await app.gql(M, { i: { demandItemIds: [common[0], school[0]] } }, as('org-wuyuan')))).toBe('BAD_USER_INPUT');
    expect(codeOf(await app.gql(M, { i: { demandItemIds: [...common, chickens[0]] } }, as('org-wuyuan')))).toBe('INVALID_STATE');
    expect((await item(common[0], 'org-wuyuan')).status).toBe('SUBMITTED');
    const r = await app.gql(M, { i: { demandItemIds: common, title: '向日葵菌核病防治培训（共性问题）' } }, as('org-wuyuan'));
    expect(r.errors).toBeUndefined();
    const merged = r.data.mergeCommonNeed;
    expect(merged).toMatchObject({ kind: 'COMMON', status: 'SUBMITTED', beneficiaries: 110, title: '向日葵菌核病防治培训（共性问题）', township: { id: SUNFLOWER[0][0] } });
    expect(merged.mergedFrom.map((m: any) => m.id).sort()).toEqual([...common].sort());
    expect(merged.content).toContain('共性问题');
    for (const id of common) expect(await item(id, 'org-wuyuan')).toMatchObject({ status: 'WITHDRAWN', mergedInto: { id: merged.id } });
    // 塔尔湖镇 follows the common demand on another township's list, through its own member; it sees only its own member of it.
    const own = await item(common[1], 'township-tarhu');
    expect(own.mergedInto).toMatchObject({ id: merged.id, kind: 'COMMON', beneficiaries: 110 });
    expect((await item(merged.id, 'township-tarhu')).mergedFrom).toEqual([{ id: common[1] }]);
    // A township of another county does not.
    expect(codeOf(await app.gql(ITEM, { id: merged.id }, as('township-ganzhaomiao')))).toBe('NOT_FOUND');
    const after = (await app.gql(GROUPS, {}, as('org-wuyuan'))).data.demandGroups.common;
    expect(after.some((g: any) => g.members.some((m: any) => common.includes(m.demandItemId)))).toBe(false);
    // The next run matches the common demand; the members stay merged.
    expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, as('org-city'))).errors).toBeUndefined();
    expect(['MATCHED', 'ESCALATED']).toContain((await item(merged.id, 'org-wuyuan')).status);
    for (const id of common) expect((await item(id, 'org-wuyuan')).status).toBe('WITHDRAWN');
  });
});
