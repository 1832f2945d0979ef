import {
  HARD, OPEN, prepare, TIER_CITY, TIER_COUNTY, TIERS, type Prepared,
} from './candidates';
import { componentCost, solveComponent, toDimacs, type FlowComponent } from './flow';
import type {
  Assignment, CandidateRule, CandidateVerdict, Category, Escalation, EscalationReason, MatchOptions, MatchResult, Problem, RunnerUp, ScoreParts, Suggestion,
} from './types';
import { ESCALATION_REASONS } from './types';

/**
 * The matching run: tier 1 places each county's open demands on its own county departments'
 * items, tier 2 places what is left on city departments' items, and what is still left is
 * escalated with the first reason that applies. Each tier is solved exactly (see flow.ts), one
 * connected group of competing demands and items at a time.
 */

const TAKEN_BY_SHOWN = 10;

export function match(problem: Problem, options: MatchOptions = {}): MatchResult {
  return assign(prepare(problem, options), options);
}

const isPriority = (p: string) => (p === 'VULNERABLE' || p === 'URGENT' ? 1 : 0);

export function assign(prep: Prepared, options: MatchOptions = {}): MatchResult {
  const { demands, supply, disposition } = prep;
  /** The pair chosen for each demand, or -1. */
  const chosen = new Int32Array(demands.length).fill(-1);
  const used = new Int32Array(supply.length);
  const holders: string[][] = supply.map((s) => [...s.pinned]);

  for (const tier of [TIER_COUNTY, TIER_CITY]) {
    const components = buildComponents(prep, tier, chosen);
    let cost = 0n;
    for (const { flow, pairs, demandIds } of components) {
      const arcs = solveComponent(flow);
      cost += componentCost(flow, arcs);
      for (let local = 0; local < flow.demands; local++) if (arcs[local] !== -1) chosen[demandIds[local]] = pairs[arcs[local]];
    }
    if (options.onFlowProblem) {
      const flows = components.map((c) => c.flow);
      options.onFlowProblem(TIERS[tier], {
        dimacs: () => toDimacs(flows, `peican ${TIERS[tier]} tier: ${flows.length} components`),
        cost,
        nodes: 2 + flows.reduce((n, f) => n + f.demands + f.capacity.length, 0),
        arcs: 1 + flows.reduce((n, f) => n + f.arcSupply.length + f.demands + f.capacity.length, 0),
        components: flows.length,
      });
    }
  }

  preferLowerIds(prep, chosen);

  for (let d = 0; d < demands.length; d++) {
    if (chosen[d] === -1) continue;
    const s = prep.pairSupply[chosen[d]];
    used[s]++;
    holders[s].push(demands[d].id);
  }
  for (const list of holders) list.sort();
  const full = (s: number) => used[s] >= supply[s].remaining;
  /** Suggestions made so far per item (demands in id order): never more than the room it has left. */
  const suggested = new Int32Array(supply.length);
  const roomToSuggest = (s: number) => used[s] + suggested[s] < supply[s].remaining;
  const takenBy = (s: number) => holders[s].slice(0, TAKEN_BY_SHOWN);

  const assignments: Assignment[] = [];
  const escalations: Escalation[] = [];
  const escalatedByReason = Object.fromEntries(ESCALATION_REASONS.map((r) => [r, 0])) as Record<EscalationReason, number>;
  let placedCounty = 0;
  let placedCity = 0;
  let priorityPlaced = 0;
  let totalScore = 0;
  let considered = 0;
  let pinned = 0;

  for (let d = 0; d < demands.length; d++) {
    const demand = demands[d];
    if (disposition[d] !== OPEN && disposition[d] !== HARD) {
      pinned++;
      continue;
    }
    considered++;
    const k = chosen[d];
    if (k !== -1) {
      const s = prep.pairSupply[k];
      const tier = TIERS[prep.pairTier[k]];
      const score = prep.pairScore[k] / 1000;
      if (tier === 'COUNTY') placedCounty++;
      else placedCity++;
      priorityPlaced += isPriority(demand.priority);
      totalScore += prep.pairScore[k];
      const runnerUp = findRunnerUp(prep, d, k, full, takenBy);
      const parts = prep.parts(d, s);
      const suggestedCategory = prep.pairCross[k] ? supply[s].item.category : undefined;
      assignments.push({
        demandId: demand.id,
        supplyId: supply[s].item.id,
        departmentId: supply[s].department.id,
        tier,
        score,
        explanation: {
          tier, score, parts,
          eligibleCount: prep.pairStart[d + 1] - prep.pairStart[d],
          runnerUp,
          ...(suggestedCategory ? { suggestedCategory } : {}),
          summary: (suggestedCategory ? categoryAdvice(prep, d, suggestedCategory, parts.concepts) : '')
            + describeAssignment(prep, d, s, tier, score, parts, runnerUp),
        },
      });
      continue;
    }
    const escalation = disposition[d] === HARD ? hardCase(demand.id) : escalate(prep, d, full, takenBy, roomToSuggest);
    if (escalation.detail.suggestion) suggested[prep.supplyIndex.get(escalation.detail.suggestion.supplyId)!]++;
    escalatedByReason[escalation.reason]++;
    escalations.push(escalation);
  }

  return {
    assignments,
    escalations,
    stats: {
      demands: demands.length,
      pinned,
      considered,
      placedCounty,
      placedCity,
      escalated: escalations.length,
      escalatedByReason,
      priorityPlaced,
      totalScore: totalScore / 1000,
      eligiblePairs: prep.pairSupply.length,
      threshold: prep.threshold,
    },
  };
}

interface BuiltComponent {
  flow: FlowComponent;
  /** Global pair index of each local arc. */
  pairs: Int32Array;
  /** Global demand index of each local demand. */
  demandIds: Int32Array;
}

/**
 * Of the optima a tier may have, the one that breaks ties on id (DESIGN.md): a placed demand moves
 * to a lower-id item of the same tier and score that still has room, until none can. Every total
 * the flow optimized stays the same (the same demand at the same score), capacities hold, and each
 * move lowers the sum of the items' ranks, so it ends. Supply items are ranked by id already.
 */
function preferLowerIds(prep: Prepared, chosen: Int32Array): void {
  const { pairStart, pairSupply, pairScore, pairTier, supply } = prep;
  const used = new Int32Array(supply.length);
  for (const k of chosen) if (k !== -1) used[pairSupply[k]]++;
  for (let moved = true; moved;) {
    moved = false;
    for (let d = 0; d < chosen.length; d++) {
      const k = chosen[d];
      if (k === -1) continue;
      let best = k;
      for (let j = pairStart[d]; j < pairStart[d + 1]; j++) {
        const s = pairSupply[j];
        if (pairTier[j] === pairTier[k] && pairScore[j] === pairScore[k] && s < pairSupply[best] && used[s] < supply[s].remaining) best = j;
      }
      if (best === k) continue;
      used[pairSupply[k]]--;
      used[pairSupply[best]]++;
      chosen[d] = best;
      moved = true;
    }
  }
}

/**
 * 类别建议: why a demand went to an item of another category than the ticked one: nothing of the ticked category
 * fitted, or its words speak only of the other category's matters (then items of both competed).
 */
function categoryAdvice(prep: Prepared, d: number, category: Category, concepts: readonly string[]): string {
  let tickedFitted = false;
  for (let k = prep.pairStart[d]; k < prep.pairStart[d + 1] && !tickedFitted; k++) tickedFitted = prep.pairCross[k] === 0;
  const why = tickedFitted ? `内容说的是「${CATEGORY_NAME[category]}」的事${concepts.length ? `：${concepts.join('、')}` : ''}` : '该类别没有相符的项目';
  return `类别建议：按内容属「${CATEGORY_NAME[category]}」（申报为「${CATEGORY_NAME[prep.demands[d].category]}」，${why}）。`;
}

/** Splits one tier's eligible pairs into connected groups (union–find over demands and items). */
function buildComponents(prep: Prepared, tier: number, chosen: Int32Array): BuiltComponent[] {
  const { demands, supply, pairStart, pairSupply, pairTier } = prep;
  const n = demands.length;
  const parent = new Int32Array(n + supply.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const active = (d: number) => chosen[d] === -1 && prep.disposition[d] === OPEN;
  for (let d = 0; d < n; d++) {
    if (!active(d)) continue;
    for (let k = pairStart[d]; k < pairStart[d + 1]; k++) {
      if (pairTier[k] !== tier) continue;
      const a = find(d);
      const b = find(n + pairSupply[k]);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  // Group demands by root, in order of their first (lowest-id) demand.
  const groups = new Map<number, number[]>();
  for (let d = 0; d < n; d++) {
    if (!active(d)) continue;
    let has = false;
    for (let k = pairStart[d]; k < pairStart[d + 1] && !has; k++) has = pairTier[k] === tier;
    if (!has) continue;
    const root = find(d);
    const group = groups.get(root);
    if (group) group.push(d);
    else groups.set(root, [d]);
  }
  const out: BuiltComponent[] = [];
  /** Per item, its index within the component being built, or -1 (reset after each component). */
  const localOf = new Int32Array(supply.length).fill(-1);
  for (const members of groups.values()) {
    // Insert VULNERABLE/URGENT demands first (fewer displacements later), then by id.
    const order = [...members].sort((a, b) => isPriority(demands[b].priority) - isPriority(demands[a].priority) || a - b);
    const supplyOrder: number[] = [];
    const arcStart = new Int32Array(order.length + 1);
    const arcs: number[] = [];
    for (let i = 0; i < order.length; i++) {
      arcStart[i] = arcs.length;
      const d = order[i];
      for (let k = pairStart[d]; k < pairStart[d + 1]; k++) {
        if (pairTier[k] !== tier) continue;
        arcs.push(k);
        if (localOf[pairSupply[k]] === -1) {
          localOf[pairSupply[k]] = supplyOrder.length;
          supplyOrder.push(pairSupply[k]);
        }
      }
    }
    arcStart[order.length] = arcs.length;
    const pairs = Int32Array.from(arcs);
    const arcSupply = new Int32Array(pairs.length);
    const arcScore = new Int32Array(pairs.length);
    for (let a = 0; a < pairs.length; a++) {
      arcSupply[a] = localOf[pairSupply[pairs[a]]];
      arcScore[a] = prep.pairScore[pairs[a]];
    }
    const capacity = new Int32Array(supplyOrder.length);
    supplyOrder.forEach((s, i) => {
      capacity[i] = supply[s].remaining;
      localOf[s] = -1;
    });
    const priority = new Uint8Array(order.length);
    for (let i = 0; i < order.length; i++) priority[i] = isPriority(demands[order[i]].priority);
    const flow: FlowComponent = { demands: order.length, capacity, priority, arcStart, arcSupply, arcScore };
    out.push({ flow, pairs, demandIds: Int32Array.from(order) });
  }
  return out;
}

/** The best other eligible item for a placed demand, and why it lost. */
function findRunnerUp(prep: Prepared, d: number, k: number, full: (s: number) => boolean, takenBy: (s: number) => string[]): RunnerUp | null {
  let best = -1;
  for (let j = prep.pairStart[d]; j < prep.pairStart[d + 1]; j++) {
    if (j === k) continue;
    if (best === -1 || prep.pairScore[j] > prep.pairScore[best] || (prep.pairScore[j] === prep.pairScore[best] && prep.pairSupply[j] < prep.pairSupply[best])) best = j;
  }
  if (best === -1) return null;
  const s = prep.pairSupply[best];
  const base = { supplyId: prep.supply[s].item.id, departmentId: prep.supply[s].department.id, score: prep.pairScore[best] / 1000 };
  const chosenTier = prep.pairTier[k];
  const runnerTier = prep.pairTier[best];
  if (chosenTier === TIER_COUNTY && runnerTier === TIER_CITY) return { ...base, lostBy: 'TIER' };
  if (full(s) && (runnerTier !== chosenTier || prep.pairScore[best] >= prep.pairScore[k])) return { ...base, lostBy: 'CAPACITY', takenBy: takenBy(s) };
  return { ...base, lostBy: prep.pairScore[best] === prep.pairScore[k] ? 'TIE' : 'LOWER_SCORE' };
}

const TIER_NAME = { COUNTY: '旗县区级', CITY: '市级' } as const;
const CATEGORY_NAME: Record<Category, string> = {
  THEORY: '送理论', POLICY: '送政策', TECHNOLOGY: '送科技', HEALTH: '送健康', SERVICE: '送服务', CULTURE: '送文化', WARMTH: '送温暖',
};
const RULE_NAME = {
  NOT_COVERED: '服务范围不含该苏木镇',
  OUTSIDE_TIME_WINDOW: '服务时间不重合',
  DECLINED: '已退回该需求',
  LOW_RELEVANCE: '内容不相符',
  OUTMATCHED: '旗县区项目远不如市级项目相符',
  CAPACITY_EXHAUSTED: '服务能力已用完',
} as const;
const REASON_NAME: Record<EscalationReason, string> = {
  HARD_CASE: '历史遗留老大难问题，直接交组织部门协调领导领办',
  NO_SUPPLY_IN_CATEGORY: '本类别没有可供的服务项目',
  NOT_COVERED: '本类别的服务项目都不覆盖该苏木镇',
  OUTSIDE_TIME_WINDOW: '覆盖该地的服务项目时间都不重合',
  DECLINED: '相符的服务项目都已退回该需求',
  LOW_RELEVANCE: '没有内容相符的服务项目',
  CAPACITY_EXHAUSTED: '相符的服务项目能力已用完',
};

function describeAssignment(prep: Prepared, d: number, s: number, tier: 'COUNTY' | 'CITY', score: number, parts: ScoreParts, runnerUp: RunnerUp | null): string {
  const { item, department } = prep.supply[s];
  let line = `${TIER_NAME[tier]}配餐：${department.name}「${item.title}」，得分 ${score.toFixed(3)}（内容相关度 ${parts.text.toFixed(3)}，服务形式${parts.form ? '相符' : '不符'}）。`;
  if (parts.concepts.length) line += `词库概念：${parts.concepts.join('、')}。`;
  const p = parts.precedents;
  if (p) {
    line += p.satisfied === 0 ? `参照 ${p.assigned} 条人工派单。`
      : p.assigned === 0 ? `参照 ${p.satisfied} 条满意办结的先例。` : `参照 ${p.assigned} 条人工派单、${p.satisfied} 条满意办结的先例。`;
  }
  if (runnerUp) {
    const other = prep.supply[prep.supplyIndex.get(runnerUp.supplyId)!];
    const why = runnerUp.lostBy === 'TIER' ? '市级项目，旗县区能办的先由旗县区办'
      : runnerUp.lostBy === 'CAPACITY' ? `能力已被 ${runnerUp.takenBy!.join('、')} 占用`
        : runnerUp.lostBy === 'TIE' ? '得分相同，按编号先后' : '得分较低';
    line += `次选 ${other.department.name}「${other.item.title}」得分 ${runnerUp.score.toFixed(3)}：${why}。`;
  } else line += '没有其他符合条件的项目。';
  const weaker = tier === 'CITY' ? prep.outmatched(d) : null;
  if (weaker) {
    const other = prep.supply[weaker.supply];
    line += weaker.missing
      ? `旗县区项目${other.department.name}「${other.item.title}」只涉及同一对象，不提供所需的${weaker.missing.join('、')}。`
      : `旗县区项目${other.department.name}「${other.item.title}」内容相关度 ${(weaker.text / 1000).toFixed(3)}，不到最相符的市级项目的一半，说的不是同一件事。`;
  }
  if (prep.byCatchAll(d)) {
    line += `本类别没有专门对口的项目，由综合服务项目兜底（所需：${prep.demandConcepts(d).join('、')}）。`;
  } else if (tier === 'COUNTY' && parts.text < prep.threshold) {
    line += `内容相关度低于自动派单标准 ${prep.threshold}，但它提供所需的${prep.needsGiven(d, s).join('、')}，与最相符的市级项目是同一项服务。`;
  }
  return line;
}

function hardCase(demandId: string): Escalation {
  return { demandId, reason: 'HARD_CASE', detail: { candidates: [], summary: REASON_NAME.HARD_CASE + '。' } };
}

function escalate(prep: Prepared, d: number, full: (s: number) => boolean, takenBy: (s: number) => string[], roomToSuggest: (s: number) => boolean): Escalation {
  const candidates: CandidateVerdict[] = prep.verdicts(d).map((v) => {
    const { item, department } = prep.supply[v.supply];
    const verdict: CandidateVerdict = {
      supplyId: item.id, departmentId: department.id, tier: TIERS[v.tier], rule: v.rule ?? 'CAPACITY_EXHAUSTED',
    };
    if (v.text !== undefined) verdict.score = v.text / 1000;
    if (v.rule === null || v.rule === 'CAPACITY_EXHAUSTED') {
      if (v.rule === null && !full(v.supply)) throw new Error(`engine: ${prep.demands[d].id} left unplaced beside ${item.id} with spare capacity`);
      verdict.takenBy = takenBy(v.supply);
    }
    return verdict;
  });
  const reason: EscalationReason = candidates.length === 0 ? 'NO_SUPPLY_IN_CATEGORY'
    : candidates.every((c) => c.rule === 'NOT_COVERED') ? 'NOT_COVERED'
      : candidates.every((c) => c.rule === 'NOT_COVERED' || c.rule === 'OUTSIDE_TIME_WINDOW') ? 'OUTSIDE_TIME_WINDOW'
        : candidates.every((c) => c.rule !== 'CAPACITY_EXHAUSTED') ? (candidates.some((c) => c.rule === 'DECLINED') ? 'DECLINED' : 'LOW_RELEVANCE')
          : 'CAPACITY_EXHAUSTED';
  const suggestion = suggest(prep, d, candidates, roomToSuggest);
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.rule, (counts.get(c.rule) ?? 0) + 1);
  const tally = [...counts].map(([rule, count]) => `${RULE_NAME[rule as keyof typeof RULE_NAME]} ${count} 项`).join('，');
  return {
    demandId: prep.demands[d].id,
    reason,
    detail: {
      ...listed(candidates),
      ...(suggestion ? { suggestion } : {}),
      summary: `${REASON_NAME[reason]}。${candidates.length ? `候选 ${candidates.length} 项：${tally}。` : ''}${suggestion ? describeSuggestion(prep, suggestion) : ''}上报组织部门协调。`,
    },
  };
}

/**
 * An escalation lists at most this many of its candidates, the nearest to fitting (full, then
 * outmatched, declined, too little relevant by relevance, outside the window, not covering), in
 * their order, and counts the rest: an oversubscribed province's escalations would otherwise each
 * carry a hundred and more (its summary still tallies them all).
 */
export const CANDIDATES_LISTED = 20;
const NEARNESS: Record<CandidateRule, number> = {
  CAPACITY_EXHAUSTED: 0, OUTMATCHED: 1, DECLINED: 2, LOW_RELEVANCE: 3, OUTSIDE_TIME_WINDOW: 4, NOT_COVERED: 5,
};

function listed(candidates: CandidateVerdict[]): { candidates: CandidateVerdict[]; omittedCandidates?: number } {
  if (candidates.length <= CANDIDATES_LISTED) return { candidates };
  const nearest = candidates.map((c, i) => ({ c, i }))
    .sort((a, b) => NEARNESS[a.c.rule] - NEARNESS[b.c.rule] || (b.c.score ?? -1) - (a.c.score ?? -1) || a.i - b.i)
    .slice(0, CANDIDATES_LISTED)
    .sort((a, b) => a.i - b.i);
  return { candidates: nearest.map((x) => x.c), omittedCandidates: candidates.length - CANDIDATES_LISTED };
}

/**
 * The three outcomes: a pair at or over the threshold is placed; under it, the best candidate is
 * suggested to the desk when it is plausible (relevance ≥ SUGGEST_FLOOR) and clearly ahead of the
 * next one (by SUGGEST_MARGIN, or alone), and sharing a whole word or a concept with the demand;
 * otherwise the demand is escalated with nothing to suggest.
 * Only a candidate that covers the township, fits the window, did not decline it and has room
 * besides the placements and the suggestions already made (demands in id order), so that the desk
 * can accept every suggestion of a run.
 */
export const SUGGEST_FLOOR = 0.015;
export const SUGGEST_MARGIN = 0.01;

function suggest(prep: Prepared, d: number, candidates: CandidateVerdict[], roomToSuggest: (s: number) => boolean): Suggestion | null {
  const plausible = candidates
    .filter((c) => c.rule === 'LOW_RELEVANCE' && c.score !== undefined && roomToSuggest(prep.supplyIndex.get(c.supplyId)!))
    .sort((a, b) => b.score! - a.score! || (a.tier === b.tier ? 0 : a.tier === 'COUNTY' ? -1 : 1) || (a.supplyId < b.supplyId ? -1 : 1));
  const [best, next] = plausible;
  if (!best || best.score! < SUGGEST_FLOOR) return null;
  if (next && best.score! - next.score! < SUGGEST_MARGIN) return null;
  // Something a person recognises in common: a whole word or a lexicon concept, not character pieces alone.
  const parts = prep.parts(d, prep.supplyIndex.get(best.supplyId)!);
  if (parts.matchedTerms.length === 0 && parts.concepts.length === 0) return null;
  return { supplyId: best.supplyId, departmentId: best.departmentId, tier: best.tier, score: best.score!, runnerUpScore: next?.score ?? null };
}

function describeSuggestion(prep: Prepared, s: Suggestion): string {
  const { item, department } = prep.supply[prep.supplyIndex.get(s.supplyId)!];
  return `建议派单：${department.name}「${item.title}」（内容相关度 ${s.score.toFixed(3)}，未达自动派单标准${s.runnerUpScore === null ? '' : `，次选 ${s.runnerUpScore.toFixed(3)}`}），请人工确认。`;
}
