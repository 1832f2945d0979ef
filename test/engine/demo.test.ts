import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoDataFile } from '../../src/common/paths';
import { match, validateProblem } from '../../src/engine';

/** The engine on the Bayannur demo campaign: the summary, and demands a person can check by eye. */

const problem = validateProblem(JSON.parse(readFileSync(demoDataFile, 'utf8')));
const result = match(problem);
const placed = new Map(result.assignments.map((a) => [a.demandId, a]));

describe('the demo campaign', () => {
  it('places 23 demands at county tier and 83 at city tier, and escalates 8 (6 hard cases, 2 without a fitting item)', () => {
    expect(result.stats).toMatchObject({ demands: 114, considered: 114, placedCounty: 23, placedCity: 83, escalated: 8 });
    expect(Object.entries(result.stats.escalatedByReason).filter(([, n]) => n > 0)).toEqual([['HARD_CASE', 6], ['LOW_RELEVANCE', 2]]);
    expect(result.escalations.filter((e) => e.reason === 'HARD_CASE').map((e) => e.demandId)).toEqual(['D-016', 'D-024', 'D-034', 'D-054', 'D-062', 'D-078']);
  });

  // demand → the item a county organizer would pick, with why
  const expected: [string, string, 'COUNTY' | 'CITY', string][] = [
    ['D-001', 'S-K-002', 'COUNTY', '温室大棚番茄灰霉病 → 五原县农牧和科技局 设施大棚番茄灰霉病防治'],
    ['D-006', 'S-C-005', 'CITY', '大棚蔬菜种植 → 市农牧局 设施农业大棚蔬菜 (not the county tea-growing course S-K-007)'],
    ['D-019', 'S-C-008', 'CITY', '葵花高产栽培技术 → 市农牧局 葵花、玉米高产栽培 (the county item S-K-001 is about 菌核病: OUTMATCHED)'],
    ['D-011', 'S-C-058', 'CITY', '河套蜜瓜种植 → 市科技局 河套蜜瓜新品种 (not the tea course)'],
    ['D-017', 'S-C-014', 'CITY', '传染病防控讲座 → 市卫健委 传染病防控健康讲座 (the county health item is about chronic disease)'],
    ['D-023', 'S-C-017', 'CITY', '乌兰牧骑演出 → 市文旅广电局 乌兰牧骑文艺演出'],
    ['D-026', 'S-C-015', 'CITY', '两癌筛查 → 市卫健委 妇幼保健与两癌筛查'],
    ['D-027', 'S-K-016', 'COUNTY', '农民工工资清欠 → 磴口县人社局, before the city bureau'],
    ['D-035', 'S-K-018', 'COUNTY', '义诊送药进村 (VULNERABLE) → 乌拉特前旗卫健委 义诊进村, before the city clinic tour'],
    ['D-036', 'S-K-020', 'COUNTY', '一氧化碳中毒预防 → 乌拉特前旗卫健委'],
    ['D-040', 'S-C-018', 'CITY', '农家书屋图书 → 市文旅广电局 农家书屋图书配送'],
    ['D-043', 'S-C-006', 'CITY', '肉羊疫病防治 (URGENT, 乌拉特前旗 has no such item) → 市农牧局 肉羊标准化养殖与疫病防治指导'],
    ['D-056', 'S-K-014', 'COUNTY', '草原生态补奖政策 → 乌拉特后旗 草原生态补奖政策宣讲'],
    ['D-066', 'S-K-013', 'COUNTY', '羊病防治 (URGENT) → 乌拉特后旗 牧区肉羊疫病防治'],
    ['D-068', 'S-C-031', 'CITY', '医保业务上门代办 → 市医保局 医保业务上门代办'],
    ['D-086', 'S-C-056', 'CITY', '春节慰问特困供养人员 → 市民政局 春节送温暖慰问特困供养人员'],
    ['D-088', 'S-C-054', 'CITY', '动物防疫服务 → 市农牧局 动物防疫和兽医上门服务'],
    ['D-095', 'S-C-055', 'CITY', '人民调解 → 市司法局 人民调解和矛盾纠纷化解'],
  ];
  it.each(expected)('%s goes to %s at %s tier (%s)', (demandId, supplyId, tier) => {
    expect(placed.get(demandId)).toMatchObject({ supplyId, tier });
  });

  // Rule 2, "what the county can do": a county item fitting less than half as well as a city item is about something else.
  it('sends to the city a demand whose county item is about something else, and says so', () => {
    expect(placed.get('D-019')!.explanation.summary).toContain('旗县区项目五原县农牧和科技局「葵花菌核病防治现场指导」内容相关度');
    expect(placed.get('D-019')!.explanation.summary).toContain('不到最相符的市级项目的一半');
  });

  it('never gives a greenhouse-vegetable or melon request to the tea-growing course', () => {
    for (const id of ['D-006', 'D-011', 'D-038', 'D-074', 'D-096']) expect(placed.get(id)?.supplyId).not.toBe('S-K-007');
    expect(result.assignments.filter((a) => a.supplyId === 'S-K-007' || a.supplyId === 'S-K-015')).toEqual([]);
  });

  it('explains every assignment: score parts, the runner-up and a readable summary', () => {
    for (const a of result.assignments) {
      expect(a.explanation.summary).toMatch(/^(旗县区级|市级)配餐：/);
      expect(a.explanation.parts.text).toBeGreaterThanOrEqual(result.stats.threshold);
      if (a.explanation.eligibleCount > 1) expect(a.explanation.runnerUp).not.toBeNull();
      else expect(a.explanation.runnerUp).toBeNull();
    }
    // A county placement whose better-scoring city alternative lost on tier.
    expect(placed.get('D-027')!.explanation.runnerUp).toMatchObject({ supplyId: 'S-C-022', lostBy: 'TIER' });
  });

  // Known miss (reported): 牧区羊病防治培训 shares only 羊 and the generic 防治 with 肉羊…疫病防治指导 (text 0.010),
  // so it is escalated LOW_RELEVANCE although the city bureau's sheep-disease training is the obvious answer.
  it.fails('D-109 牧区羊病防治培训 goes to S-C-006 市农牧局 肉羊标准化养殖与疫病防治指导', () => {
    expect(placed.get('D-109')).toMatchObject({ supplyId: 'S-C-006', tier: 'CITY' });
  });

  it('says for an escalated demand which rule stopped each candidate', () => {
    const low = result.escalations.filter((e) => e.reason === 'LOW_RELEVANCE');
    expect(low.map((e) => e.demandId)).toEqual(['D-071', 'D-109']);
    for (const e of low) {
      expect(e.detail.candidates.length).toBeGreaterThan(0);
      // LOW_RELEVANCE: no candidate got past relevance (the earlier rules may have stopped some), none was stopped by capacity
      expect(e.detail.candidates.every((c) => ['NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'LOW_RELEVANCE'].includes(c.rule))).toBe(true);
      expect(e.detail.candidates.every((c) => c.rule === 'LOW_RELEVANCE' && c.score! < result.stats.threshold)).toBe(true);
      expect(e.detail.summary).toContain('没有内容相符的服务项目');
    }
  });
});
