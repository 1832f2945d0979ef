import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld } from '../support/fixture';

/**
 * Declines through the service (issue 14, item 6), written before the fix: a re-run never puts a
 * demand back on an item that declined it; when every fitting item declined it, its escalation
 * says so and lists them; and the lines the re-placement writes are the system's, not the
 * declining department's.
 */

let app: TestApp;
let as: (user: string) => string;
const DEPT_USER: Record<string, string> = { 'DEP-C-NMJ': 'dept-nmj', 'DEP-K-WY-NK': 'dept-wuyuan-nk' };

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['org-city', 'dept-nmj', 'dept-wuyuan-nk']);
  expect((await app.gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city'))).errors).toBeUndefined();
});
afterAll(() => app?.close());

const READ = `{ demandItem(id: "D-001") { status assignment { id version department { id } supplyItem { id } } escalation { reason detail { candidates { supplyItem { id } rule } } }
  timeline { action actorRole actor { username } } } }`;
const read = async () => (await app.gql(READ, {}, as('org-city'))).data.demandItem;

describe(`declines (${DB_KIND})`, () => {
  it('declined by every item that fits, the demand is escalated as DECLINED, and a re-run leaves it there', async () => {
    const declinedFrom: string[] = [];
    for (let item = await read(); item.status === 'MATCHED'; item = await read()) {
      declinedFrom.push(item.assignment.supplyItem.id);
      const r = await app.gql(`mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { status } }`, {
        i: { id: item.assignment.id, version: item.assignment.version, reason: '本月排不开' },
      }, as(DEPT_USER[item.assignment.department.id]));
      expect(r.errors).toBeUndefined();
    }
    expect(declinedFrom.length).toBeGreaterThan(0);
    let item = await read();
    expect(item.status).toBe('ESCALATED');
    expect(item.escalation.reason).toBe('DECLINED');
    for (const id of declinedFrom) expect(item.escalation.detail.candidates).toContainEqual({ supplyItem: { id }, rule: 'DECLINED' });

    // The desk runs matching again: the demand does not go back to an item that declined it.
    expect((await app.gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city'))).errors).toBeUndefined();
    item = await read();
    expect(item.status).toBe('ESCALATED');
    expect(item.assignment).toBeNull();
    expect(item.escalation.reason).toBe('DECLINED');
  });

  it("writes the re-placement's lines as the system's, not the declining department's", async () => {
    const { timeline } = await read();
    const afterDecline = timeline.filter((e: any, i: number) => i > 0 && timeline[i - 1].action === 'DECLINE');
    expect(afterDecline.length).toBeGreaterThan(0);
    for (const line of afterDecline) expect(line).toMatchObject({ actorRole: null, actor: null });
    for (const line of timeline.filter((e: any) => e.action === 'DECLINE')) expect(line.actorRole).toBe('DEPARTMENT_PUBLISHER');
  });
});
