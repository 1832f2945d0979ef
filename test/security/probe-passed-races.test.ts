import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND } from '../support/app';
import { GANZHAOMIAO } from '../support/fixture';
import { codeOf } from './probe';
import { ACCEPT, ASSIGN, DECLINE, loopWorld, RATE, WITHDRAW, type LoopWorld } from './probe-passed-loop-setup';

/**
 * The probe's races, as it passed them: two requests at once on the same thing. Exactly one
 * wins; the other is refused with CONFLICT (or INVALID_STATE, when it was read after the winner
 * wrote), never with a 500; and the database holds the winner's change once.
 */

let w: LoopWorld;
beforeAll(async () => {
  w = await loopWorld();
});
afterAll(() => w?.app.close());

/** The outcome of each answer: OK or its code, sorted. */
const outcomes = (answers: { errors?: any[] }[]) => answers.map((r) => (r.errors ? codeOf(r) : 'OK')).sort();

/** Exactly one answer won; the others lost with one of the codes. */
function oneWins(answers: { errors?: any[] }[], losing = ['CONFLICT', 'INVALID_STATE']) {
  const got = outcomes(answers);
  expect(got.filter((o) => o === 'OK'), JSON.stringify(answers.map((r) => r.errors))).toHaveLength(1);
  for (const o of got.filter((x) => x !== 'OK')) expect(losing, JSON.stringify(answers.map((r) => r.errors))).toContain(o);
}

const LIVE = "('MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED')";

async function newCampaign(name: string) {
  const r = await w.gql('mutation($n: String!) { createCampaign(input: { name: $n, startsOn: "2021-01-01", endsOn: "2021-02-01" }) { id } }', { n: name }, w.admin);
  return r.data.createCampaign.id as string;
}

describe(`probe passed: races (${DB_KIND})`, () => {
  it('two accepts of the same assignment at once → exactly one wins, the other CONFLICT; one acceptance event', async () => {
    const p = await w.pick();
    const input = { i: { id: p.assignmentId, version: p.version, committedDate: '2020-02-28', personInCharge: '并发' } };
    const answers = await Promise.all([w.gql(ACCEPT, input, p.dept), w.gql(ACCEPT, input, p.dept)]);
    oneWins(answers);
    expect(await w.events(p.demandId, 'ACCEPT')).toBe(1);
    const [a] = await w.sql<{ status: string; version: number }>('select status, version from assignment where id = ?', [p.assignmentId]);
    expect(a.status).toBe('ACCEPTED');
    expect(Number(a.version)).toBe(p.version + 1);
  });

  it('five accepts of the same assignment at once → exactly one wins', async () => {
    const p = await w.pick();
    const input = { i: { id: p.assignmentId, version: p.version, committedDate: '2020-02-28', personInCharge: '并发' } };
    oneWins(await Promise.all(Array.from({ length: 5 }, () => w.gql(ACCEPT, input, p.dept))));
    expect(await w.events(p.demandId, 'ACCEPT')).toBe(1);
  });

  it('two submissions of one list at once → exactly one wins; each item has one SUBMITTED event', async () => {
    const campaignId = await newCampaign('并发提交');
    const town = await w.login('township-ganzhaomiao');
    const list = (await w.gql('mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: campaignId, t: GANZHAOMIAO }, town)).data.createDemandList.id;
    const ids: string[] = [];
    for (const title of ['并发一', '并发二']) {
      const r = await w.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id } }', { i: { listId: list, category: 'CULTURE', title, content: '并发提交的需求', forms: ['SCREENING'] } }, town);
      ids.push(r.data.addDemandItem.id);
    }
    const answers = await Promise.all([1, 2].map(() => w.gql('mutation($id: ID!) { submitDemandList(id: $id) { id status } }', { id: list }, town)));
    oneWins(answers);
    for (const id of ids) expect(await w.events(id, 'SUBMITTED'), id).toBe(1);
    const [row] = await w.sql<{ status: string }>('select status from demand_list where id = ?', [list]);
    expect(row.status).toBe('SUBMITTED');
  });

  it('two ratings of the same completed item at once → exactly one wins; one feedback row', async () => {
    const p = await w.pick();
    await w.walk(p, 'COMPLETED');
    const { version } = await w.item(p);
    const answers = await Promise.all([
      w.gql(RATE, { i: { demandItemId: p.demandId, version, rating: 'SATISFIED', comment: '满意' } }, p.town),
      w.gql(RATE, { i: { demandItemId: p.demandId, version, rating: 'VERY_UNSATISFIED', comment: '不满意' } }, p.town),
    ]);
    oneWins(answers);
    const rows = await w.sql('select id from feedback where demand_item_id = ?', [p.demandId]);
    expect(rows).toHaveLength(1);
  });

  it('two declines of the same assignment at once → exactly one wins; the demand is placed again once', async () => {
    const p = await w.pick();
    const input = { i: { id: p.assignmentId, version: p.version, reason: '并发退回' } };
    oneWins(await Promise.all([w.gql(DECLINE, input, p.dept), w.gql(DECLINE, input, p.dept)]));
    expect(await w.events(p.demandId, 'DECLINE')).toBe(1);
    const live = await w.sql(`select id from assignment where demand_item_id = ? and status in ${LIVE}`, [p.demandId]);
    expect(live.length).toBeLessThanOrEqual(1);
  });

  it('an accept racing a withdrawal → the item ends WITHDRAWN with no live assignment, each move recorded at most once', async () => {
    const p = await w.pick();
    const answers = await Promise.all([
      w.gql(ACCEPT, { i: { id: p.assignmentId, version: p.version, committedDate: '2020-02-28', personInCharge: '并发' } }, p.dept),
      w.gql(WITHDRAW, { id: p.demandId, r: '并发撤回' }, p.town),
    ]);
    for (const r of answers) if (r.errors) expect(['CONFLICT', 'INVALID_STATE']).toContain(codeOf(r));
    const item = await w.item(p);
    if (!answers[1].errors) expect(item.status).toBe('WITHDRAWN');
    const live = await w.sql(`select id from assignment where demand_item_id = ? and status in ${LIVE}`, [p.demandId]);
    if (item.status === 'WITHDRAWN') expect(live).toHaveLength(0);
    expect(await w.events(p.demandId, 'WITHDRAWN')).toBeLessThanOrEqual(1);
    expect(await w.events(p.demandId, 'ACCEPT')).toBeLessThanOrEqual(1);
  });

  it('two hand assignments of the same escalated item at once → exactly one wins; one live assignment', async () => {
    const { version, status } = (await w.gql('{ demandItem(id: "D-109") { version status } }', {}, w.org)).data.demandItem;
    expect(status).toBe('ESCALATED');
    const answers = await Promise.all(['DEP-C-NMJ', 'DEP-C-WJW'].map((departmentId) =>
      w.gql(ASSIGN, { i: { demandItemId: 'D-109', version, departmentId, note: '并发派单' } }, w.org)));
    oneWins(answers);
    const live = await w.sql(`select id from assignment where demand_item_id = ? and status in ${LIVE}`, ['D-109']);
    expect(live).toHaveLength(1);
    expect(await w.events('D-109', 'ASSIGN_BY_HAND')).toBe(1);
  });

  it('two createDemandList of the same township and campaign at once → one list, the other CONFLICT', async () => {
    const campaignId = await newCampaign('并发建单');
    const town = await w.login('township-ganzhaomiao');
    const answers = await Promise.all([1, 2].map(() => w.gql('mutation($c: ID!, $t: ID!) { createDemandList(input: { campaignId: $c, townshipId: $t }) { id } }', { c: campaignId, t: GANZHAOMIAO }, town)));
    oneWins(answers, ['CONFLICT']);
    expect(await w.sql('select id from demand_list where campaign_id = ?', [campaignId])).toHaveLength(1);
  });

  it('two createSupplyList of the same department and campaign at once → one list, the other CONFLICT', async () => {
    const campaignId = await newCampaign('并发建供给清单');
    const dept = await w.login('dept-nmj');
    const answers = await Promise.all([1, 2].map(() => w.gql('mutation($c: ID!) { createSupplyList(input: { campaignId: $c, departmentId: "DEP-C-NMJ" }) { id } }', { c: campaignId }, dept)));
    oneWins(answers, ['CONFLICT']);
    expect(await w.sql('select id from supply_list where campaign_id = ?', [campaignId])).toHaveLength(1);
  });

  it('two createRegion with the same explicit id at once → one region, the other CONFLICT', async () => {
    const answers = await Promise.all([1, 2].map(() => w.gql('mutation { createRegion(input: { id: "150821102299", name: "并发村", level: VILLAGE, parentId: "150821102" }) { id } }', {}, w.admin)));
    oneWins(answers, ['CONFLICT']);
    expect(await w.sql('select id from region where id = ?', ['150821102299'])).toHaveLength(1);
  });

  it('two createUser of the same username at once → one user, the other CONFLICT', async () => {
    const input = { i: { username: 'probe-twin', password: 'probe-password', displayName: '并发用户', role: 'TOWNSHIP_ORGANIZER', regionId: GANZHAOMIAO } };
    const answers = await Promise.all([1, 2].map(() => w.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', input, w.admin)));
    oneWins(answers, ['CONFLICT']);
    expect(await w.sql('select id from app_user where username = ?', ['probe-twin'])).toHaveLength(1);
  });

  it('two matching runs at once → no demand with two live assignments, no item over its capacity', async () => {
    const answers = await Promise.all([1, 2].map(() => w.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, w.org)));
    for (const r of answers) if (r.errors) expect(['CONFLICT']).toContain(codeOf(r));
    expect(answers.some((r) => !r.errors)).toBe(true);
    const doubled = await w.sql(`select demand_item_id from assignment where status in ${LIVE} group by demand_item_id having count(*) > 1`);
    expect(doubled).toEqual([]);
    const over = await w.sql(`select s.id from supply_item s join assignment a on a.supply_item_id = s.id and a.status in ${LIVE}
      group by s.id, s.capacity having count(*) > s.capacity`);
    expect(over).toEqual([]);
  });
});
