import { describe, expect, it } from 'vitest';
import { cosine, terms, vectorize } from '../../src/engine/text';

/** Text relevance on Chinese: words plus character bigrams, weighted by rarity, generic words damped. */

const relevance = (a: string, b: string, others: string[] = []) => {
  const { vectors } = vectorize([a, b, ...others]);
  return cosine(vectors[0], vectors[1]);
};
const OTHERS = ['送春联送年画', '法律援助进村入户', '电影放映下乡', '养老保险政策咨询', '乌兰牧骑文艺演出'];

describe('text relevance', () => {
  it.each([
    ['开展义诊活动', '送医送药义诊', '义诊'],
    ['农产品滞销求助', '滞销农产品产销对接', '滞销'],
    ['温室大棚番茄', '设施大棚蔬菜种植', '大棚'],
  ])('"%s" and "%s" meet on %s', (a, b, shared) => {
    expect(terms(a).some((t) => t.key.endsWith(shared))).toBe(true);
    expect(relevance(a, b, OTHERS)).toBeGreaterThan(0.1);
  });

  it('counts the words every service text shares for little', () => {
    // Only 技术/培训/服务/指导/种植 in common: a tea course is no answer to a greenhouse-vegetable request.
    expect(relevance('大棚蔬菜种植技术指导服务', '茶叶种植技术培训服务', OTHERS)).toBeLessThan(0.04);
    expect(relevance('大棚蔬菜种植技术指导服务', '设施大棚蔬菜种植技术培训', OTHERS)).toBeGreaterThan(0.3);
  });

  it('is 1 for the same text and 0 for texts with nothing in common', () => {
    expect(relevance('乌兰牧骑送戏下乡', '乌兰牧骑送戏下乡', OTHERS)).toBeCloseTo(1, 10);
    expect(relevance('乌兰牧骑送戏下乡', '养老保险补缴', OTHERS)).toBe(0);
  });

  it('grows linearly with the length of a text', () => {
    const unit = '村里冬季温室大棚番茄出现灰霉病，希望农技专家入户指导防治。';
    const short = terms(unit.repeat(100)).length;
    const long = terms(unit.repeat(4000)).length; // about 120,000 characters
    expect(long / short).toBeGreaterThan(39);
    expect(long / short).toBeLessThan(41);
  });
});
