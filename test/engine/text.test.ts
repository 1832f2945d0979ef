import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELEVANCE_THRESHOLD } from '../../src/engine';
import { cosine, cosineUnits, terms, vectorize } from '../../src/engine/text';

/** DESIGN.md rule 4: relevance from Chinese texts — words plus character bigrams, weighted by rarity, generic words damped. */

const relevance = (a: string, b: string, others: string[] = OTHERS) => {
  const { vectors } = vectorize([a, b, ...others]);
  return cosine(vectors[0], vectors[1]);
};
/** A background of unrelated service texts, as in a real problem. */
const OTHERS = ['送春联送年画', '法律援助进村入户', '电影放映下乡', '养老保险政策咨询', '乌兰牧骑文艺演出'];

describe('text relevance', () => {
  // Bigrams make a word meet itself whatever the segmenter does with the text around it.
  it.each([
    ['开展义诊活动', '送医义诊', '义诊'],
    ['开展义诊活动', '送医送药义诊', '义诊'],
    ['农产品滞销求助', '滞销农产品产销对接', '滞销'],
    ['温室大棚番茄', '设施大棚蔬菜种植', '大棚'],
  ])('"%s" and "%s" meet on %s', (a, b, shared) => {
    const keys = (text: string) => new Set(terms(text).map((t) => t.key));
    const common = [...keys(a)].filter((k) => keys(b).has(k));
    expect(common.some((k) => k.endsWith(shared))).toBe(true);
    expect(relevance(a, b)).toBeGreaterThan(0.1);
  });

  // Generic words (技术, 培训, 服务, 指导…) weigh a tenth: texts sharing only them stay below the threshold.
  it('counts the words every service text shares for little', () => {
    expect(relevance('葵花菌核病技术培训服务指导', '电商直播带货技术培训服务指导')).toBeLessThan(RELEVANCE_THRESHOLD);
    // a tea course is no answer to a greenhouse-vegetable request, a greenhouse course is
    expect(relevance('大棚蔬菜种植技术指导服务', '茶叶种植技术培训服务')).toBeLessThan(RELEVANCE_THRESHOLD);
    expect(relevance('大棚蔬菜种植技术指导服务', '设施大棚蔬菜种植技术培训')).toBeGreaterThan(0.3);
  });

  // A rare shared word weighs more than a common one.
  it('weighs a rare shared word above a common one', () => {
    const background = ['义诊送药', '义诊进村', '巡回义诊', '义诊测血压', ...OTHERS];
    expect(relevance('义诊和两癌筛查', '两癌筛查', background)).toBeGreaterThan(relevance('义诊和两癌筛查', '义诊', background));
  });

  it('is 1 for the same text and 0 for texts with nothing in common', () => {
    expect(relevance('乌兰牧骑送戏下乡', '乌兰牧骑送戏下乡')).toBeCloseTo(1, 10);
    expect(relevance('乌兰牧骑送戏下乡', '养老保险补缴')).toBe(0);
  });

  // The issue: term extraction stays linear in the text's length (not a timing test: the number of terms grows in proportion).
  it.each([
    ['with punctuation', '村里冬季温室大棚番茄出现灰霉病，希望农技专家入户指导防治。'],
    ['one long run of Han characters', '温室大棚番茄灰霉病防治技术'],
  ])('extracts terms from a 200 KB text in proportion to its length (%s)', (_, unit) => {
    const small = unit.repeat(100);
    const large = unit.repeat(Math.ceil(200_000 / Buffer.byteLength(unit)));
    expect(Buffer.byteLength(large)).toBeGreaterThanOrEqual(200_000);
    const ratio = terms(large).length / terms(small).length;
    const lengths = large.length / small.length;
    expect(ratio).toBeGreaterThan(lengths * 0.95);
    expect(ratio).toBeLessThan(lengths * 1.05);
  });
});

describe('cosineUnits', () => {
  // The engine's relevance of every demand with every item of its pools: the same thousandths as
  // cosine() gives pair by pair, to the last bit, whether it builds postings (many queries) or not.
  const words = ['玉米', '病虫害', '鸡瘟', '养殖', '培训', '高血压', '随访', '低保', '申请', '戏曲', '电影', '法律', '援助', '大棚', '蔬菜'];
  const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((w) => w.join(''));
  it('gives Math.round(1000 × cosine) of each query with each item', () => {
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 9 }), fc.array(text, { minLength: 1, maxLength: 6 }), (queryTexts, itemTexts) => {
      const { vectors, labels } = vectorize([...queryTexts, ...itemTexts]);
      const queries = vectors.slice(0, queryTexts.length);
      const items = vectors.slice(queryTexts.length);
      const out = new Int32Array(2 + queries.length * items.length).fill(-7);
      cosineUnits(queries, queries.map((_, r) => 2 + r * items.length), items, labels.length, out);
      expect([...out.slice(0, 2)]).toEqual([-7, -7]);
      queries.forEach((q, r) => items.forEach((v, i) => expect(out[2 + r * items.length + i]).toBe(Math.round(1000 * cosine(q, v)))));
    }), { numRuns: 200 });
  });
});
