import type { Category, Priority, Problem, ProblemDemandItem, ProblemDepartment, ProblemRegion, ProblemSupplyItem, ServiceForm } from '../src/engine';

/**
 * Generated matching problems for the benchmark: a province of cities, counties and townships,
 * city and county departments with supply items, and demands, all with Chinese texts built from
 * topics per category so that relevance behaves as on real lists (some pairs fit, most do not).
 * Deterministic for a given seed.
 */

export interface Shape {
  cities: number;
  countiesPerCity: number;
  townshipsPerCounty: number;
  cityDepartmentsPerCity: number;
  countyDepartmentsPerCounty: number;
  supplyItems: number;
  /** Share of supply items published by city departments. */
  cityShare: number;
  demands: number;
  seed: number;
}

export const CITY_SCALE: Shape = {
  cities: 1, countiesPerCity: 7, townshipsPerCounty: 10, cityDepartmentsPerCity: 21, countyDepartmentsPerCounty: 6,
  supplyItems: 500, cityShare: 0.5, demands: 1000, seed: 1,
};

export const PROVINCE_SCALE: Shape = {
  cities: 12, countiesPerCity: 8, townshipsPerCounty: 10, cityDepartmentsPerCity: 21, countyDepartmentsPerCounty: 6,
  supplyItems: 5000, cityShare: 0.5, demands: 100_000, seed: 2,
};

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
  };
}

/** Topics per category: what a demand asks for and what an item offers. */
const TOPICS: Record<Category, string[]> = {
  THEORY: ['四中全会精神', '乡村振兴战略', '党史学习教育', '民族团结进步', '基层党建', '主题教育'],
  POLICY: ['养老保险缴费', '医保报销', '耕地地力保护补贴', '草原生态补奖', '低保和临时救助', '退役军人优抚'],
  TECHNOLOGY: ['温室大棚蔬菜', '肉羊舍饲养殖', '葵花病虫害', '河套蜜瓜', '节水灌溉', '电商直播带货', '奶牛养殖', '玉米高产'],
  HEALTH: ['义诊送药', '慢性病随访', '两癌筛查', '传染病防控', '家庭医生签约', '老年人健康体检'],
  SERVICE: ['农民工工资清欠', '法律援助', '人民调解', '社保卡办理', '饮水安全维修', '气象预警'],
  CULTURE: ['乌兰牧骑演出', '电影放映', '农家书屋', '广场舞培训', '送春联年画', '文化室设备'],
  WARMTH: ['困难户慰问', '留守儿童关爱', '独居老人探访', '残疾人慰问', '特困供养', '退役军人慰问'],
};
const CATEGORIES = Object.keys(TOPICS) as Category[];
const FORMS: ServiceForm[] = ['LECTURE', 'TRAINING', 'CONSULTATION', 'CLINIC', 'PERFORMANCE', 'SCREENING', 'ON_SITE', 'DONATION', 'VISIT'];
const DEMAND_TAILS = ['希望专家入户指导', '村民需求较多，希望尽快安排', '群众反映强烈，希望开展服务', '冬闲时节希望组织培训', '困难群众较多，希望上门服务'];
const SUPPLY_TAILS = ['组织专家进村入户开展服务', '深入嘎查村现场讲解答疑', '上门开展技术指导和培训', '集中宣讲并发放资料', '定期走访并建立台账'];

export function generate(shape: Shape): Problem {
  const r = prng(shape.seed);
  const regions: ProblemRegion[] = [];
  const departments: ProblemDepartment[] = [];
  const townships: string[] = [];
  const countiesOfCity: string[][] = [];
  const countyDepartments: string[][] = [];
  const cityDepartments: string[][] = [];
  for (let c = 0; c < shape.cities; c++) {
    const city = `C${String(c).padStart(2, '0')}`;
    regions.push({ id: city, name: `第${c + 1}市`, level: 'CITY', parentId: null });
    const counties: string[] = [];
    const cityDeps: string[] = [];
    for (let d = 0; d < shape.cityDepartmentsPerCity; d++) {
      const id = `${city}-D${String(d).padStart(2, '0')}`;
      departments.push({ id, name: `第${c + 1}市第${d + 1}局`, level: 'CITY', regionId: city });
      cityDeps.push(id);
    }
    cityDepartments.push(cityDeps);
    for (let k = 0; k < shape.countiesPerCity; k++) {
      const county = `${city}K${String(k).padStart(2, '0')}`;
      regions.push({ id: county, name: `${city}第${k + 1}旗`, level: 'COUNTY', parentId: city });
      counties.push(county);
      const deps: string[] = [];
      for (let d = 0; d < shape.countyDepartmentsPerCounty; d++) {
        const id = `${county}-D${d}`;
        departments.push({ id, name: `${county}第${d + 1}局`, level: 'COUNTY', regionId: county });
        deps.push(id);
      }
      countyDepartments.push(deps);
      for (let t = 0; t < shape.townshipsPerCounty; t++) {
        const township = `${county}T${String(t).padStart(2, '0')}`;
        regions.push({ id: township, name: `${county}第${t + 1}镇`, level: 'TOWNSHIP', parentId: county });
        townships.push(township);
      }
    }
    countiesOfCity.push(counties);
  }

  const forms = () => {
    const a = r.pick(FORMS);
    const b = r.pick(FORMS);
    return a === b ? [a] : [a, b];
  };
  const window = (): { start: string; end: string } | null => {
    if (r.next() < 0.7) return null;
    const m = 1 + r.int(4);
    return { start: `2020-0${m}-01`, end: `2020-0${m + 1 + r.int(2)}-28` };
  };

  const supplyItems: ProblemSupplyItem[] = [];
  const cityItems = Math.round(shape.supplyItems * shape.cityShare);
  for (let i = 0; i < shape.supplyItems; i++) {
    const category = r.pick(CATEGORIES);
    const topics = TOPICS[category];
    const topic = r.pick(topics);
    const second = r.pick(topics);
    const third = r.pick(topics);
    const fourth = r.pick(topics);
    let departmentId: string;
    let coverage: string[];
    if (i < cityItems) {
      const c = r.int(shape.cities);
      departmentId = r.pick(cityDepartments[c]);
      coverage = r.next() < 0.9 ? [`C${String(c).padStart(2, '0')}`] : [r.pick(countiesOfCity[c]), r.pick(countiesOfCity[c])].filter((x, j, a) => a.indexOf(x) === j);
    } else {
      const k = r.int(countyDepartments.length);
      departmentId = r.pick(countyDepartments[k]);
      const county = departments.find((d) => d.id === departmentId)!.regionId;
      coverage = [county];
    }
    supplyItems.push({
      id: `S${String(i).padStart(5, '0')}`, departmentId, category,
      title: `${topic}${r.pick(['技术培训', '服务', '宣讲', '指导', '进村'])}`,
      description: `${topic}、${second}、${third}和${fourth}：${r.pick(SUPPLY_TAILS)}`,
      forms: forms(), capacity: 1 + r.int(i < cityItems ? 60 : 30), coverage, window: window(),
    });
  }

  const demandItems: ProblemDemandItem[] = [];
  for (let i = 0; i < shape.demands; i++) {
    const category = r.pick(CATEGORIES);
    const topic = r.pick(TOPICS[category]);
    const p = r.next();
    const priority: Priority = p < 0.15 ? 'VULNERABLE' : p < 0.2 ? 'URGENT' : 'NORMAL';
    demandItems.push({
      id: `D${String(i).padStart(6, '0')}`, townshipId: r.pick(townships), category,
      title: `${topic}${r.pick(['需求', '问题', '求助', '培训'])}`,
      content: `${topic}方面${r.pick(DEMAND_TAILS)}`,
      forms: forms(), window: window(), beneficiaries: 5 + r.int(200), priority, kind: r.next() < 0.01 ? 'HARD' : 'COMMON',
    });
  }
  return { regions, departments, supplyItems, demandItems };
}
