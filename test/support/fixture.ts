import type { DemoData } from '../../seeds/seeder';
import { Category, DemandKind, DemandSource, DepartmentLevel, Priority, RegionLevel, Role, ServiceForm } from '../../src/common/enums';

export const PASSWORD = 'peican-demo';
export const CITY = '150800';
export const WUYUAN = '150821';
export const LINHE = '150802';
export const TARHU = '150821102';
export const GANZHAOMIAO = '150802101';
export const LIANFENG = '150821102201';

/** A small world where every figure is known: 2 counties, 2 townships, 2 departments. */
export function smallWorld(extraDemands = 0): DemoData {
  const demandItems: DemoData['demandItems'] = [
    { id: 'D-001', townshipId: TARHU, villageId: LIANFENG, category: Category.TECHNOLOGY, title: '大棚番茄灰霉病防治', content: '联丰村种植户60余户，温室大棚番茄出现灰霉病，希望农技专家入户指导', forms: [ServiceForm.ON_SITE], window: { start: '2020-01-05', end: '2020-02-28' }, beneficiaries: 60, priority: Priority.NORMAL, kind: DemandKind.COMMON, source: DemandSource.VISIT },
    { id: 'D-002', townshipId: TARHU, category: Category.HEALTH, title: '独居老人义诊', content: '镇里独居老人30人，希望开展义诊和慢性病随访', forms: [ServiceForm.CLINIC], beneficiaries: 30, priority: Priority.VULNERABLE, kind: DemandKind.COMMON, source: DemandSource.FORM },
    { id: 'D-003', townshipId: GANZHAOMIAO, category: Category.CULTURE, title: '送电影下乡', content: '民主村冬闲时节希望放映爱国影片', forms: [ServiceForm.SCREENING], beneficiaries: 200, priority: Priority.NORMAL, kind: DemandKind.COMMON, source: DemandSource.WECHAT },
  ];
  for (let i = 0; i < extraDemands; i++) {
    const n = String(i + 100).padStart(4, '0');
    demandItems.push({ id: `D-X${n}`, townshipId: i % 2 ? TARHU : GANZHAOMIAO, category: Category.POLICY, title: `惠农政策宣讲${n}`, content: '希望讲解耕地地力保护补贴政策', forms: [ServiceForm.LECTURE], beneficiaries: 10, priority: Priority.NORMAL, kind: DemandKind.INDIVIDUAL, source: DemandSource.MEETING });
  }
  return {
    campaign: { id: 'C-1', name: '冬春服务行动', startsOn: '2019-12-01', endsOn: '2020-04-30' },
    regions: [
      { id: CITY, name: '巴彦淖尔市', level: RegionLevel.CITY, parentId: null },
      { id: WUYUAN, name: '五原县', level: RegionLevel.COUNTY, parentId: CITY },
      { id: LINHE, name: '临河区', level: RegionLevel.COUNTY, parentId: CITY },
      { id: TARHU, name: '塔尔湖镇', level: RegionLevel.TOWNSHIP, parentId: WUYUAN },
      { id: GANZHAOMIAO, name: '干召庙镇', level: RegionLevel.TOWNSHIP, parentId: LINHE },
      { id: LIANFENG, name: '联丰村', level: RegionLevel.VILLAGE, parentId: TARHU },
    ],
    departments: [
      { id: 'DEP-C-NMJ', name: '巴彦淖尔市农牧局', level: DepartmentLevel.CITY, regionId: CITY },
      { id: 'DEP-K-WY-NK', name: '五原县农牧和科技局', level: DepartmentLevel.COUNTY, regionId: WUYUAN },
    ],
    supplyItems: [
      { id: 'S-C-001', departmentId: 'DEP-C-NMJ', category: Category.TECHNOLOGY, title: '设施农业大棚蔬菜种植技术培训', description: '组织市级农技专家到村开展大棚蔬菜病虫害防治培训', forms: [ServiceForm.TRAINING, ServiceForm.ON_SITE], capacity: 5, coverage: [CITY], window: { start: '2019-12-10', end: '2020-03-31' }, leader: { name: '王建国', title: '副局长' }, contact: { name: '李明', phone: '13900000001' } },
      { id: 'S-K-001', departmentId: 'DEP-K-WY-NK', category: Category.TECHNOLOGY, title: '设施蔬菜病害防治现场指导', description: '县农技站技术员入户指导大棚番茄、黄瓜灰霉病防治', forms: [ServiceForm.ON_SITE], capacity: 3, coverage: [WUYUAN], leader: { name: '赵强', title: '副局长' }, contact: { name: '刘芳', phone: '13900000002' } },
    ],
    demandItems,
    users: [
      { username: 'admin', password: PASSWORD, displayName: '系统管理员', role: Role.ADMIN, regionId: CITY, departmentId: null },
      { username: 'org-city', password: PASSWORD, displayName: '市委组织部', role: Role.ORGANIZATION_DEPARTMENT, regionId: CITY, departmentId: null },
      { username: 'org-wuyuan', password: PASSWORD, displayName: '五原县委组织部', role: Role.ORGANIZATION_DEPARTMENT, regionId: WUYUAN, departmentId: null },
      { username: 'township-tarhu', password: PASSWORD, displayName: '塔尔湖镇民情联络员', role: Role.TOWNSHIP_ORGANIZER, regionId: TARHU, departmentId: null },
      { username: 'township-ganzhaomiao', password: PASSWORD, displayName: '干召庙镇民情联络员', role: Role.TOWNSHIP_ORGANIZER, regionId: GANZHAOMIAO, departmentId: null },
      { username: 'dept-nmj', password: PASSWORD, displayName: '市农牧局联络人', role: Role.DEPARTMENT_PUBLISHER, regionId: CITY, departmentId: 'DEP-C-NMJ' },
      { username: 'dept-wuyuan-nk', password: PASSWORD, displayName: '五原县农牧和科技局联络人', role: Role.DEPARTMENT_PUBLISHER, regionId: WUYUAN, departmentId: 'DEP-K-WY-NK' },
    ],
  };
}
