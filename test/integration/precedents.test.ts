import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category, DemandKind, DemandSource, DepartmentLevel, Priority, RegionLevel, Role, ServiceForm } from '../../src/common/enums';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { PASSWORD, smallWorld, WUYUAN } from '../support/fixture';

/**
 * Learning from the desk (issue 14, item 2): a demand the engine could not place is assigned by
 * hand; a similarly worded demand of another township, matched again, goes where the desk put the
 * first, and its explanation says so.
 */

let app: TestApp;
let as: (user: string) => string;
const XINGONGZHONG = '150821103';

beforeAll(async () => {
  const world = smallWorld();
  world.regions.push({ id: XINGONGZHONG, name: '新公中镇', level: RegionLevel.TOWNSHIP, parentId: WUYUAN });
  world.departments.push({ id: 'DEP-K-WY-WJ', name: '五原县卫生健康委员会', level: DepartmentLevel.COUNTY, regionId: WUYUAN });
  // An item whose words say nothing of what it does: only the desk knows this team holds the clinics.
  world.supplyItems.push({
    id: 'S-K-009', departmentId: 'DEP-K-WY-WJ', category: Category.HEALTH, title: '乡村健康行动第三小组', description: '第三小组按月安排人员下沉到村',
    forms: [ServiceForm.CLINIC], capacity: 5, coverage: [WUYUAN], leader: { name: '高峰', title: '副主任' }, contact: { name: '孙丽', phone: '13900000009' },
  });
  world.demandItems.push({
    id: 'D-004', townshipId: XINGONGZHONG, category: Category.HEALTH, title: '独居老人义诊', content: '村里独居老人20多人，希望开展义诊和慢性病随访',
    forms: [ServiceForm.CLINIC], beneficiaries: 20, priority: Priority.VULNERABLE, kind: DemandKind.COMMON, source: DemandSource.VISIT,
  });
  world.users.push({ username: 'township-xgz', password: PASSWORD, displayName: '新公中镇民情联络员', role: Role.TOWNSHIP_ORGANIZER, regionId: XINGONGZHONG, departmentId: null });
  app = await startApp(world);
  as = await app.loginAll(['org-city', 'township-xgz']);
});
afterAll(() => app?.close());

const READ = `query($id: ID!) { demandItem(id: $id) { status version assignment { tier supplyItem { id } explanation { summary parts { precedents { assigned satisfied similarity } } } } escalation { reason } } }`;
const read = async (id: string) => (await app.gql(READ, { id }, as('org-city'))).data.demandItem;

describe(`learning from the desk (${DB_KIND})`, () => {
  it('a demand worded like one the desk placed by hand goes where the desk put it, and says so', async () => {
    expect((await app.gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city'))).errors).toBeUndefined();
    const first = await read('D-002');
    expect(first.status).toBe('ESCALATED');
    expect((await read('D-004')).status).toBe('ESCALATED');

    const r = await app.gql(`mutation($i: AssignByHandInput!) { assignByHand(input: $i) { status } }`, {
      i: { demandItemId: 'D-002', version: first.version, departmentId: 'DEP-K-WY-WJ', supplyItemId: 'S-K-009', note: '第三小组负责巡回义诊' },
    }, as('org-city'));
    expect(r.errors).toBeUndefined();

    expect((await app.gql('mutation { runMatching(campaignId: "C-1") { id } }', {}, as('org-city'))).errors).toBeUndefined();
    const learned = await read('D-004');
    expect(learned.status).toBe('MATCHED');
    expect(learned.assignment).toMatchObject({ tier: 'COUNTY', supplyItem: { id: 'S-K-009' } });
    expect(learned.assignment.explanation.parts.precedents).toMatchObject({ assigned: 1, satisfied: 0 });
    expect(learned.assignment.explanation.summary).toContain('参照 1 条人工派单');
  });
});
