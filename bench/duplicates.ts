import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../src/common/paths';
import { findDuplicates, type Category, type DemandGroup, type DuplicateDemand, type DuplicateOptions } from '../src/engine';
import { readLexicon } from '../src/modules/matching/lexicon-files';
import { prng } from './generate';

/**
 * Duplicates and common needs (issue 17, part 3): pairwise precision and recall of
 * findDuplicates on the labelled set bench/duplicates/labelled.json, with and without the
 * lexicon, then the time and memory to group 100,000 generated demands.
 *
 *   npm run bench:duplicates [-- --verbose] [-- --demands N]
 */

interface Labelled {
  counties: { id: string; name: string; townships: { id: string; name: string; villages: { id: string; name: string }[] }[] }[];
  demands: (DuplicateDemand & { duplicate: string | null; common: string | null })[];
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const demandsArg = args.indexOf('--demands');
const SCALE = demandsArg >= 0 ? Number(args[demandsArg + 1]) : 100_000;

const labelled: Labelled = JSON.parse(readFileSync(join(projectRoot, 'bench', 'duplicates', 'labelled.json'), 'utf8'));
const placeNames = labelled.counties.flatMap((c) => [c.name, ...c.townships.flatMap((t) => [t.name, ...t.villages.map((v) => v.name)])]);
const lexicon = readLexicon();

/** Unordered pairs "a|b" (a < b) of ids that share a group. */
function pairsOf(groups: string[][]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) {
    const ids = [...g].sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.add(`${ids[i]}|${ids[j]}`);
  }
  return out;
}

function goldGroups(key: 'duplicate' | 'common'): string[][] {
  const by = new Map<string, string[]>();
  for (const d of labelled.demands) {
    const label = d[key];
    if (label) by.set(label, [...(by.get(label) ?? []), d.id]);
  }
  return [...by.values()];
}

function score(found: DemandGroup[], gold: string[][]) {
  const predicted = pairsOf(found.map((g) => g.members.map((m) => m.id)));
  const truth = pairsOf(gold);
  let hit = 0;
  for (const p of predicted) if (truth.has(p)) hit++;
  return {
    precision: predicted.size ? hit / predicted.size : 1,
    recall: truth.size ? hit / truth.size : 1,
    predicted: predicted.size,
    gold: truth.size,
    falsePairs: [...predicted].filter((p) => !truth.has(p)),
    missedPairs: [...truth].filter((p) => !predicted.has(p)),
  };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5) + '%';
const byId = new Map(labelled.demands.map((d) => [d.id, d]));
const show = (pair: string) => pair.split('|').map((id) => `${id} ${byId.get(id)!.title}`).join('  ~  ');

console.log(`Labelled set: ${labelled.demands.length} demands, ${goldGroups('duplicate').length} duplicate groups, ${goldGroups('common').length} common needs (bench/duplicates/labelled.json)\n`);
console.log('                    duplicates (within a township)        common needs (across a county)');
console.log('                    precision  recall  pairs found/gold   precision  recall  pairs found/gold');
for (const [name, options] of [
  ['with the lexicon', { lexicon, placeNames }],
  ['without', { placeNames }],
] as [string, DuplicateOptions][]) {
  const report = findDuplicates(labelled.demands, options);
  const dup = score(report.duplicates, goldGroups('duplicate'));
  const common = score(report.common, goldGroups('common'));
  console.log(
    `${name.padEnd(20)}${pct(dup.precision).padStart(9)} ${pct(dup.recall).padStart(7)}  ${String(dup.predicted).padStart(6)}/${dup.gold}      ` +
      `${pct(common.precision).padStart(9)} ${pct(common.recall).padStart(7)}  ${String(common.predicted).padStart(6)}/${common.gold}`,
  );
  if (verbose || name === 'with the lexicon') {
    const list = (title: string, pairs: string[]) => {
      if (!pairs.length) return;
      console.log(`    ${title} (${pairs.length}):`);
      for (const p of pairs.slice(0, verbose ? 1000 : 12)) console.log('      ' + show(p));
      if (!verbose && pairs.length > 12) console.log(`      … ${pairs.length - 12} more (--verbose)`);
    };
    list('duplicates: false pairs', dup.falsePairs);
    list('duplicates: missed pairs', dup.missedPairs);
    list('common: false pairs', common.falsePairs);
    list('common: missed pairs', common.missedPairs);
    if (verbose) {
      for (const g of [...report.duplicates, ...report.common]) {
        console.log(`    ${g.kind} ${g.scopeId} ${g.category} ${g.similarity} 「${g.suggestedTitle}」 [${g.shared.join(' ')}] ${g.members.map((m) => m.id).join(' ')}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scale: generated demands, the labelled texts re-worded and spread over a province
// ---------------------------------------------------------------------------------------------


const OPENINGS = ['', '', '村民反映：', '入户走访时群众提出，', '据村两委摸底，', '老百姓说', '群众盼着'];
const CLOSINGS = ['', '', '，越快越好', '，冬闲时最好', '，希望尽快安排', '，群众呼声很高', '。谢谢'];
const TITLE_TAILS = ['', '', '的需求', '问题', '（急）'];

/**
 * Demands of a province (12 cities × 8 counties × 10 townships × 8 villages): each one a labelled
 * text, one of its clauses dropped now and then, with a varied opening, closing and title; so
 * that near-duplicates, common needs and unrelated demands all occur, as on real lists.
 */
export function generateDemands(count: number, seed = 17): DuplicateDemand[] {
  const r = prng(seed);
  const templates = labelled.demands;
  const out: DuplicateDemand[] = [];
  for (let i = 0; i < count; i++) {
    const t = r.pick(templates);
    const county = `K${String(r.int(96)).padStart(2, '0')}`;
    const township = `${county}T${r.int(10)}`;
    const clauses = t.content.split('，');
    if (clauses.length > 2 && r.next() < 0.3) clauses.splice(r.int(clauses.length), 1);
    out.push({
      id: `G${String(i).padStart(6, '0')}`,
      countyId: county,
      townshipId: township,
      villageId: r.next() < 0.95 ? `${township}V${r.int(8)}` : null,
      category: t.category as Category,
      title: t.title + r.pick(TITLE_TAILS),
      content: r.pick(OPENINGS) + clauses.join('，') + r.pick(CLOSINGS),
      beneficiaries: 5 + r.int(200),
    });
  }
  return out;
}

const generated = generateDemands(SCALE);
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const report = findDuplicates(generated, { lexicon, placeNames });
const seconds = (performance.now() - t0) / 1000;
const heapAfter = process.memoryUsage().heapUsed;
const maxRss = process.resourceUsage().maxRSS / 1024;
console.log(
  `\n${SCALE.toLocaleString('en')} generated demands (96 counties, 960 townships): grouped in ${seconds.toFixed(2)} s, ` +
    `${report.duplicates.length.toLocaleString('en')} duplicate groups, ${report.common.length.toLocaleString('en')} common needs; ` +
    `${report.stats.candidatePairs.toLocaleString('en')} candidate pairs verified, ${report.stats.verifiedPairs.toLocaleString('en')} above a threshold, ${report.stats.features.toLocaleString('en')} features`,
);
console.log(`memory: heap ${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MB more after the run (result held), peak RSS of the process ${maxRss.toFixed(0)} MB`);
const largest = [...report.common].sort((a, b) => b.members.length - a.members.length)[0];
if (largest) console.log(`largest common need: ${largest.members.length} demands, ${largest.places.length} villages, 「${largest.suggestedTitle}」`);
