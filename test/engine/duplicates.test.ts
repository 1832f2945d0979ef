import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicates, type DuplicateDemand, type DuplicateReport } from '../../src/engine';
import { readLexicon } from '../../src/modules/matching/lexicon-files';

/**
 * Duplicates and common needs (issue 17, part 3): the same need entered twice in a township is
 * found however it is worded, a different need in the same words is not, one need raised by
 * several villages of a county becomes one common need, and the result depends on nothing but
 * the demands (not their order), never crossing a township (duplicates) or a county and
 * category (common needs).
 */

const lexicon = readLexicon();

let next = 0;
const demand = (title: string, content: string, at: { county?: string; township?: string; village?: string | null } = {}, extra: Partial<DuplicateDemand> = {}): DuplicateDemand => ({
  id: `D${String(++next).padStart(3, '0')}`,
  countyId: at.county ?? 'K',
  townshipId: at.township ?? 'T1',
  villageId: at.village === undefined ? 'V1' : at.village,
  category: 'TECHNOLOGY',
  title,
  content,
  beneficiaries: 10,
  ...extra,
});

const ids = (report: DuplicateReport, kind: 'duplicates' | 'common') => report[kind].map((g) => g.members.map((m) => m.id));

describe('findDuplicates', () => {
  it('finds the same need entered twice, worded differently', () => {
    const a = demand('葵花菌核病', '葵花盘子烂、秆子里头有黑疙瘩，是菌核病，请专家来地头看看咋防');
    const b = demand('请专家看看葵花菌核病', '村里葵花秆子里长黑疙瘩、盘子烂，村民说是菌核病，想请专家到地里指导防治');
    const other = demand('番茄育苗', '想学番茄工厂化育苗，苗子总是徒长');
    const report = findDuplicates([a, b, other], { lexicon });
    expect(ids(report, 'duplicates')).toEqual([[a.id, b.id]]);
    const [group] = report.duplicates;
    expect(group.kind).toBe('DUPLICATE');
    expect(group.scopeId).toBe('T1');
    expect(group.pairs).toEqual([{ a: a.id, b: b.id, similarity: group.similarity }]);
    expect(group.shared.join(' ')).toContain('菌核病');
    expect([a.title, b.title]).toContain(group.suggestedTitle);
  });

  it('meets villagers\' words through the lexicon (苞米 and 玉米)', () => {
    const a = demand('苞米生虫子', '苞米秆子里钻虫，穗子也被啃，产量下来了，盼着来人指导防治玉米螟');
    const b = demand('玉米钻心虫防治', '玉米钻心虫严重，棒子被咬，村民想请专家来讲防治技术');
    // 0.3 apart by default (bench/duplicates: a known miss); the lexicon is what brings them near at all.
    const report = findDuplicates([a, b], { lexicon, duplicateThreshold: 0.25 });
    expect(ids(report, 'duplicates')).toEqual([[a.id, b.id]]);
    expect(report.duplicates[0].shared).toContain('玉米病虫害防治');
    expect(findDuplicates([a, b], { duplicateThreshold: 0.25 }).duplicates).toEqual([]);
  });

  it('does not take a different need in the same words for a duplicate', () => {
    const frozen = demand('自来水管冻了', '一到冬天自来水管就冻上，好几户吃不上水，请水务站来修', {}, { category: 'SERVICE' });
    const quality = demand('自来水水质不好', '村里自来水有水碱，烧开了一层白垢，大伙担心水质，想请人来化验', {}, { category: 'SERVICE' });
    const wheelchair = demand('残疾人需要轮椅', '两户残疾人出门难，希望残联送两台轮椅', {}, { category: 'WARMTH' });
    const pension = demand('养老保险缴费政策', '村民想知道养老保险每年交多少档次合适，交满多少年能领钱', {}, { category: 'POLICY' });
    const reimburse = demand('医保报销政策讲解', '村里老人看病住院不知道咋报销，异地就医更是搞不懂，想请医保局来讲讲', {}, { category: 'POLICY' });
    const report = findDuplicates([frozen, quality, wheelchair, pension, reimburse], { lexicon });
    expect(report.duplicates).toEqual([]);
  });

  it('keeps categories apart, and two villages\' needs are not one need entered twice', () => {
    const a = demand('葵花菌核病防治', '葵花菌核病厉害，盘子烂了一大片，想请专家来讲讲咋防');
    const b = demand('葵花菌核病防治', '葵花菌核病厉害，盘子烂了一大片，想请专家来讲讲咋防', {}, { category: 'SERVICE' });
    const c = demand('葵花菌核病防治', '葵花菌核病厉害，盘子烂了一大片，想请专家来讲讲咋防', { village: 'V2' });
    const d = demand('葵花菌核病防治', '葵花菌核病厉害，盘子烂了一大片，想请专家来讲讲咋防', { township: 'T2' });
    expect(findDuplicates([a, b, c, d], { lexicon }).duplicates).toEqual([]);
    // A township-wide entry (no village) may repeat a village's.
    const e = demand('葵花菌核病防治', '葵花菌核病厉害，盘子烂了一大片，想请专家来讲讲咋防', { village: null });
    expect(ids(findDuplicates([a, e], { lexicon }), 'duplicates')).toEqual([[a.id, e.id]]);
  });

  it('never links two demands a person kept apart (保留), in either order, and links the rest as before', () => {
    const a = demand('鸡瘟', '家里的鸡一只接一只地死，想请兽医来看看');
    const b = demand('鸡老是死', '养的鸡这几天一只接一只地死了，请兽医来看看咋回事');
    const c = demand('鸡死得多', '鸡一只接一只地死，请兽医看看是不是鸡瘟');
    expect(ids(findDuplicates([a, b], { lexicon }), 'duplicates')).toEqual([[a.id, b.id]]);
    expect(findDuplicates([a, b], { lexicon, apart: [[b.id, a.id]] }).duplicates).toEqual([]);
    const kept = findDuplicates([a, b, c], { lexicon, apart: [[a.id, b.id]] });
    for (const g of kept.duplicates) for (const p of g.pairs) expect([p.a, p.b].sort()).not.toEqual([a.id, b.id]);
    const villages = [1, 2, 3].map((v) => demand('葵花菌核病防治培训', `葵花菌核病厉害，盘子烂了，想请农技员来讲讲怎么防治（${v}组）`, { township: `T${v}`, village: `V${v}` }));
    expect(findDuplicates(villages, { lexicon }).common).toHaveLength(1);
    const pairs = [[villages[0].id, villages[1].id], [villages[0].id, villages[2].id], [villages[1].id, villages[2].id]] as const;
    expect(findDuplicates(villages, { lexicon, apart: pairs }).common).toEqual([]);
  });

  it('groups one need raised by several villages of a county into a common need, and leaves another need out', () => {
    const raised = [
      demand('葵花菌核病防治培训', '去年葵花菌核病厉害，葵花盘子烂了一大片，今年想请农技站的专家来讲讲咋防', { township: 'T1', village: 'V1' }, { beneficiaries: 120 }),
      demand('向日葵菌核病防治', '连作的向日葵菌核病重，产量掉了一半，希望农技部门来讲讲轮作和用药', { township: 'T1', village: 'V2' }, { beneficiaries: 95 }),
      demand('葵花病害培训', '村里种葵花的户多，这两年菌核病、黄萎病闹得凶，想搞一次葵花病害防治的培训', { township: 'T2', village: 'V3' }, { beneficiaries: 150 }),
      demand('葵花烂盘病', '葵花开花后下几场雨盘子就烂了，听说是菌核病，村民想学防治', { township: 'T3', village: 'V4' }, { beneficiaries: 65 }),
    ];
    const variety = demand('葵花新品种选择', '想了解今年哪些葵花品种产量高、抗倒伏，请种子站介绍一下新品种', { township: 'T2', village: 'V5' });
    const elsewhere = demand('葵花菌核病防治培训', '去年葵花菌核病厉害，葵花盘子烂了一大片，今年想请农技站的专家来讲讲咋防', { county: 'K2', township: 'T9', village: 'V9' });
    const report = findDuplicates([...raised, variety, elsewhere], { lexicon });
    expect(ids(report, 'common')).toEqual([raised.map((d) => d.id)]);
    const [group] = report.common;
    expect(group).toMatchObject({ kind: 'COMMON', scopeId: 'K', category: 'TECHNOLOGY', places: ['V1', 'V2', 'V3', 'V4'], beneficiaries: 430 });
    expect(group.suggestedTitle).toMatch(/4个村/);
    expect(group.shared).toContain('向日葵病虫害防治');
    // Fewer places than asked for: no common need.
    expect(findDuplicates(raised.slice(0, 2), { lexicon }).common).toEqual([]);
    expect(findDuplicates([...raised, variety], { lexicon, minPlaces: 5 }).common).toEqual([]);
  });

  it('gives the same result byte for byte, whatever the order of the demands', () => {
    const list = [
      demand('羊拉稀咋治', '圈里的羊这几天拉稀，小羊羔死了好几只，请兽医来看看'),
      demand('羊羔拉稀死了好几只', '我家和邻居家的羊羔都拉稀，已经死了三四只，急需兽医上门'),
      demand('肉羊饲料配方', '想学学舍饲肉羊咋配饲料，玉米秸秆能不能喂，怎样育肥快'),
      demand('洋芋晚疫病防治', '洋芋叶子起黑斑，一下雨就烂秧，想请农技站来讲讲晚疫病咋防', { village: 'V2' }),
      demand('马铃薯晚疫病', '种马铃薯的多，晚疫病年年发，减产厉害，盼着技术培训', { village: 'V3' }),
      demand('洋芋病害防治培训', '雨水多的年份洋芋晚疫病重，村民不会看病情打药，希望搞个培训', { village: 'V4' }),
    ];
    const once = JSON.stringify(findDuplicates(list, { lexicon }));
    expect(JSON.stringify(findDuplicates([...list].reverse(), { lexicon }))).toBe(once);
    expect(JSON.parse(once).duplicates.length).toBe(1);
    expect(JSON.parse(once).common.length).toBe(1);
  });

  it('refuses an id given twice', () => {
    const a = demand('番茄育苗', '想学番茄育苗');
    expect(() => findDuplicates([a, { ...a }])).toThrow(/twice/);
  });
});

describe('findDuplicates, properties', () => {
  const PHRASES = [
    '葵花菌核病防治', '葵花盘子烂了请专家', '向日葵菌核病', '葵花新品种', '葵花卖不上价', '自来水管冻裂', '自来水水质不好',
    '洋芋晚疫病', '洋芋窖里烂', '苞米钻心虫', '玉米螟防治', '留守儿童关爱', '独居老人取暖', '义诊送药', '医保报销',
  ];
  const arbDemands = fc
    .array(
      fc.record({
        title: fc.constantFrom(...PHRASES),
        content: fc.array(fc.constantFrom(...PHRASES, '希望尽快安排', '村民反映', '请技术员来看看'), { minLength: 1, maxLength: 4 }),
        county: fc.constantFrom('K1', 'K2'),
        township: fc.constantFrom('1', '2'),
        village: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { freq: 5 }),
        category: fc.constantFrom('TECHNOLOGY', 'SERVICE'),
      }),
      { maxLength: 30 },
    )
    .map((rows) =>
      rows.map((r, i): DuplicateDemand => {
        const township = `${r.county}-T${r.township}`;
        return {
          id: `X${String(i).padStart(3, '0')}`, countyId: r.county, townshipId: township, villageId: r.village === null ? null : `${township}-${r.village}`,
          category: r.category as DuplicateDemand['category'], title: r.title, content: r.content.join('，'), beneficiaries: i,
        };
      }),
    );

  it('depends not on the order of the demands, and never crosses a township (duplicates) or a county and category (common needs)', () => {
    fc.assert(
      fc.property(arbDemands, fc.integer(), (demands, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(demands, { minLength: demands.length, maxLength: demands.length }), { numRuns: 1, seed })[0];
        const report = findDuplicates(demands, { lexicon });
        expect(JSON.stringify(findDuplicates(shuffled, { lexicon }))).toBe(JSON.stringify(report));
        const byId = new Map(demands.map((d) => [d.id, d]));
        const seen = new Set<string>();
        for (const g of report.duplicates) {
          const members = g.members.map((m) => byId.get(m.id)!);
          expect(new Set(members.map((d) => d.townshipId))).toEqual(new Set([g.scopeId]));
          expect(new Set(members.map((d) => d.category)).size).toBe(1);
          expect(new Set(members.map((d) => d.villageId).filter(Boolean)).size).toBeLessThanOrEqual(1);
          for (const m of g.members) {
            expect(seen.has(m.id)).toBe(false);
            seen.add(m.id);
          }
        }
        seen.clear();
        for (const g of report.common) {
          const members = g.members.map((m) => byId.get(m.id)!);
          expect(new Set(members.map((d) => d.countyId))).toEqual(new Set([g.scopeId]));
          expect(new Set(members.map((d) => d.category))).toEqual(new Set([g.category]));
          expect(g.places.length).toBeGreaterThanOrEqual(3);
          expect(g.members.map((m) => m.id)).toContain(g.representativeId);
          for (const m of g.members) {
            expect(seen.has(m.id)).toBe(false);
            seen.add(m.id);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
