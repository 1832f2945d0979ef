import type { Lexicon } from './lexicon';

/**
 * The matching engine's plain-data contract: a Problem in, a MatchResult out.
 * The same shapes are the JSON file format of `peican match` (schema/match-problem.schema.json,
 * schema/match-result.schema.json). Values are the glossary's (DESIGN.md); ids are strings and
 * every tie breaks on their code-unit order.
 */

export const REGION_LEVELS = ['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export const DEPARTMENT_LEVELS = ['CITY', 'COUNTY'] as const;
export const CATEGORIES = ['THEORY', 'POLICY', 'TECHNOLOGY', 'HEALTH', 'SERVICE', 'CULTURE', 'WARMTH'] as const;
export const SERVICE_FORMS = [
  'LECTURE', 'TRAINING', 'CONSULTATION', 'CLINIC', 'PERFORMANCE', 'SCREENING', 'ON_SITE', 'DONATION', 'VISIT', 'HOTLINE', 'OTHER',
] as const;
export const PRIORITIES = ['NORMAL', 'VULNERABLE', 'URGENT'] as const;
export const DEMAND_KINDS = ['INDIVIDUAL', 'COMMON', 'HARD'] as const;

export type RegionLevel = (typeof REGION_LEVELS)[number];
export type DepartmentLevel = (typeof DEPARTMENT_LEVELS)[number];
export type Category = (typeof CATEGORIES)[number];
export type ServiceForm = (typeof SERVICE_FORMS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type DemandKind = (typeof DEMAND_KINDS)[number];

/** Dates are ISO 8601 calendar dates, YYYY-MM-DD; both ends are inclusive. */
export interface Window {
  start: string;
  end: string;
}

export interface ProblemRegion {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
}

export interface ProblemDepartment {
  id: string;
  name: string;
  level: DepartmentLevel;
  regionId: string;
}

export interface ProblemSupplyItem {
  id: string;
  departmentId: string;
  category: Category;
  title: string;
  description: string;
  forms: ServiceForm[];
  /** How many demands it can serve in the campaign, pinned ones included. */
  capacity: number;
  /** CITY, COUNTY or TOWNSHIP regions; a region covers its whole subtree. */
  coverage: string[];
  window?: Window | null;
  leader?: { name: string; title?: string } | null;
  contact?: { name: string; phone?: string } | null;
}

export interface ProblemDemandItem {
  id: string;
  townshipId: string;
  category: Category;
  title: string;
  content: string;
  forms: ServiceForm[];
  window?: Window | null;
  beneficiaries?: number | null;
  priority: Priority;
  /** HARD (老大难) demands skip the engine and go to the desk (reason HARD_CASE). Default COMMON. */
  kind?: DemandKind | null;
  /** A live assignment: kept as it is, and it uses one unit of that item's capacity. */
  pinnedSupplyId?: string | null;
  /** Items whose departments declined this demand: it never goes back to them. */
  declinedSupplyIds?: string[] | null;
}

export interface Problem {
  regions: ProblemRegion[];
  departments: ProblemDepartment[];
  supplyItems: ProblemSupplyItem[];
  demandItems: ProblemDemandItem[];
}

export interface MatchOptions {
  /** Minimum text relevance (0..1) for a pair to be eligible. Default RELEVANCE_THRESHOLD. */
  threshold?: number;
  /** The lexicon (src/engine/lexicon.ts): colloquial words to standard terms, and service concepts. */
  lexicon?: Lexicon | null;
  /** Labelled examples the loop produced (先例): the desk's hand assignments, services closed satisfied, declines. */
  precedents?: Precedent[] | null;
  /** Called with each tier's flow problem, for benchmarks against other solvers. */
  onFlowProblem?: (tier: PlacedTier, problem: FlowProblemSummary) => void;
}

export type PlacedTier = 'COUNTY' | 'CITY';

/**
 * A labelled example (先例): a demand's words and where people put it. ASSIGNED: the desk placed
 * it by hand; SATISFIED: it was served and closed with a satisfied rating; DECLINED: the
 * department declined it. A supply item not in the problem (another campaign's) stands for its
 * department's items of the same category.
 */
export interface Precedent {
  kind: 'ASSIGNED' | 'SATISFIED' | 'DECLINED';
  category: Category;
  title: string;
  content: string;
  supplyId?: string | null;
  departmentId: string;
}

export const ESCALATION_REASONS = [
  'HARD_CASE',
  'NO_SUPPLY_IN_CATEGORY',
  'NOT_COVERED',
  'OUTSIDE_TIME_WINDOW',
  'DECLINED',
  'LOW_RELEVANCE',
  'CAPACITY_EXHAUSTED',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** Why one candidate supply item did not serve a demand. */
export type CandidateRule = 'NOT_COVERED' | 'OUTSIDE_TIME_WINDOW' | 'DECLINED' | 'LOW_RELEVANCE' | 'OUTMATCHED' | 'CAPACITY_EXHAUSTED';

export interface ScoreParts {
  /** Text relevance, 0..1: cosine of the two texts' rarity-weighted words and character bigrams. */
  text: number;
  /** 1 when the item offers one of the forms the demand accepts, else 0. */
  form: number;
  /** The words that carried the match, heaviest first (at most five): whole words, not character pieces. */
  matchedTerms: string[];
  /** The lexicon's service concepts both texts signal, heaviest first (at most five). */
  concepts: string[];
  /** Precedents worded like this demand that put such a demand on this item (or its department): by hand, and closed satisfied. */
  precedents: { assigned: number; satisfied: number; similarity: number } | null;
}

export interface RunnerUp {
  supplyId: string;
  departmentId: string;
  score: number;
  /** LOWER_SCORE: it scored less; TIE: it scored the same and the tie broke on id; TIER: it is a
   *  city item and a county item could serve; CAPACITY: its capacity went to the demands in takenBy. */
  lostBy: 'LOWER_SCORE' | 'TIE' | 'TIER' | 'CAPACITY';
  takenBy?: string[];
}

export interface AssignmentExplanation {
  tier: PlacedTier;
  score: number;
  parts: ScoreParts;
  /** Eligible items for this demand, the chosen one included. */
  eligibleCount: number;
  runnerUp: RunnerUp | null;
  /** 类别建议: the item's category, when the demand's words put it there rather than in the ticked one. */
  suggestedCategory?: Category;
  summary: string;
}

export interface Assignment {
  demandId: string;
  supplyId: string;
  departmentId: string;
  tier: PlacedTier;
  score: number;
  explanation: AssignmentExplanation;
}

export interface CandidateVerdict {
  supplyId: string;
  departmentId: string;
  tier: PlacedTier;
  rule: CandidateRule;
  /** Text relevance, present once coverage and window passed. */
  score?: number;
  takenBy?: string[];
}

/**
 * 建议派单: the candidate the engine finds plausible but not sure enough to place (relevance under
 * the threshold, at least SUGGEST_FLOOR, clearly ahead of the next): the desk confirms it with one
 * move (acceptSuggestion) or decides otherwise.
 */
export interface Suggestion {
  supplyId: string;
  departmentId: string;
  tier: PlacedTier;
  /** Its relevance, 0..1. */
  score: number;
  /** The next candidate's relevance, when there is one. */
  runnerUpScore: number | null;
}

export interface EscalationDetail {
  /** The candidates, at most CANDIDATES_LISTED of them (the nearest to fitting). */
  candidates: CandidateVerdict[];
  /** How many more there were, when some were left out. */
  omittedCandidates?: number;
  /** The desk's one-move option, when a candidate is plausible. */
  suggestion?: Suggestion | null;
  summary: string;
}

export interface Escalation {
  demandId: string;
  reason: EscalationReason;
  detail: EscalationDetail;
}

export interface MatchStats {
  demands: number;
  pinned: number;
  considered: number;
  placedCounty: number;
  placedCity: number;
  escalated: number;
  escalatedByReason: Record<EscalationReason, number>;
  priorityPlaced: number;
  totalScore: number;
  eligiblePairs: number;
  threshold: number;
}

export interface MatchResult {
  assignments: Assignment[];
  escalations: Escalation[];
  stats: MatchStats;
}

/** The shape of one tier's min-cost-flow problem, as handed to onFlowProblem. */
export interface FlowProblemSummary {
  /** DIMACS min-cost-flow text of the whole tier (all its components). */
  dimacs: () => string;
  /** The optimal cost the engine found for that very problem. */
  cost: bigint;
  nodes: number;
  arcs: number;
  components: number;
}
