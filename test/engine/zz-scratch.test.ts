import fc from 'fast-check';
import { it } from 'vitest';
import { match, prepare } from '../../src/engine';
import { problemArb } from './support';
it('stats', () => {
  const samples = fc.sample(problemArb(), { numRuns: 300, seed: 1 });
  const agg: Record<string, number> = {};
  const inc = (k: string, n = 1) => (agg[k] = (agg[k] ?? 0) + n);
  for (const p of samples) {
    const r = match(p); const prep = prepare(p);
    inc('demands', p.demandItems.length); inc('supply', p.supplyItems.length);
    inc('pairs', prep.pairSupply.length);
    inc('county', r.stats.placedCounty); inc('city', r.stats.placedCity);
    for (const [k, v] of Object.entries(r.stats.escalatedByReason)) inc(k, v);
    inc('pinned', r.stats.pinned);
    if (r.stats.placedCounty && r.stats.placedCity) inc('bothTiers');
    const runner = r.assignments.filter(a => a.explanation.runnerUp);
    for (const a of runner) inc('lostBy_' + a.explanation.runnerUp!.lostBy);
    const texts = Array.from(prep.pairText); inc('lowText<100', texts.filter(t => t < 100).length);
  }
  console.log(agg);
});
