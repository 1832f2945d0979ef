import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { AssignmentTier, CandidateRule, Category, EscalationReason, RunnerUpLoss } from '../../common/enums';

/** GraphQL shapes of the engine's explanations (stored as JSON on Assignment and Escalation). */

@ObjectType({ description: 'Precedents (先例) worded like the demand that put such a demand on this item or its department' })
export class PrecedentParts {
  @Field(() => Int, { description: 'Hand assignments by the desk' })
  assigned!: number;

  @Field(() => Int, { description: 'Services closed with a satisfied rating' })
  satisfied!: number;

  @Field(() => Float, { description: 'How close the closest one is worded, 0..1' })
  similarity!: number;
}

@ObjectType({ description: 'What a score is made of' })
export class ScoreParts {
  @Field(() => Float, { description: 'Text relevance, 0..1' })
  text!: number;

  @Field(() => Float, { description: '1 when the item offers a form the demand accepts' })
  form!: number;

  @Field(() => [String], { description: 'The words that carried the match, heaviest first' })
  matchedTerms!: string[];

  @Field(() => [String], { description: 'The lexicon\'s service concepts (词库) both texts signal, heaviest first' })
  concepts!: string[];

  @Field(() => PrecedentParts, { nullable: true, description: 'The precedents that pointed here, if any' })
  precedents!: PrecedentParts | null;
}

@ObjectType({ description: 'The next-best eligible item, and why it lost' })
export class RunnerUp {
  @Field(() => ID)
  supplyId!: string;

  @Field(() => ID)
  departmentId!: string;

  @Field(() => Float)
  score!: number;

  @Field(() => RunnerUpLoss)
  lostBy!: RunnerUpLoss;

  @Field(() => [ID], { description: 'The demands holding its capacity (lostBy CAPACITY; at most 10)' })
  takenBy!: string[];
}

@ObjectType({ description: 'Why the engine made this assignment' })
export class AssignmentExplanation {
  @Field(() => AssignmentTier)
  tier!: AssignmentTier;

  @Field(() => Float)
  score!: number;

  @Field(() => ScoreParts)
  parts!: ScoreParts;

  @Field(() => Int, { description: 'Eligible items for this demand, the chosen one included' })
  eligibleCount!: number;

  @Field(() => RunnerUp, { nullable: true })
  runnerUp?: RunnerUp | null;

  @Field(() => Category, { nullable: true, description: '类别建议: the item\'s category, when the demand\'s words put it there rather than in the ticked one' })
  suggestedCategory?: Category | null;

  @Field(() => String, { description: 'The explanation in one paragraph' })
  summary!: string;
}

@ObjectType({ description: 'One candidate item of an escalated demand, and the rule that stopped it' })
export class CandidateVerdict {
  @Field(() => ID)
  supplyId!: string;

  @Field(() => ID)
  departmentId!: string;

  @Field(() => AssignmentTier)
  tier!: AssignmentTier;

  @Field(() => CandidateRule)
  rule!: CandidateRule;

  @Field(() => Float, { nullable: true, description: 'Text relevance, once coverage and window passed' })
  score?: number | null;

  @Field(() => [ID], { description: 'The demands holding its capacity (rule CAPACITY_EXHAUSTED; at most 10)' })
  takenBy!: string[];
}

@ObjectType({ description: 'Why the engine could not place a demand' })
export class EscalationDetail {
  @Field(() => String)
  summary!: string;

  @Field(() => [CandidateVerdict], { description: 'At most 20, the nearest to fitting (the summary tallies them all)' })
  candidates!: CandidateVerdict[];

  @Field(() => Int, { nullable: true, description: 'How many candidates were left out of the list, when some were' })
  omittedCandidates?: number | null;

  @Field(() => SuggestionInfo, { nullable: true, description: '建议派单: a plausible item the desk can confirm with acceptSuggestion' })
  suggestion?: SuggestionInfo | null;
}

@ObjectType({ description: '建议派单: the best candidate under the threshold, plausible and clearly ahead of the next' })
export class SuggestionInfo {
  @Field(() => ID)
  supplyId!: string;

  @Field(() => ID)
  departmentId!: string;

  @Field(() => AssignmentTier)
  tier!: AssignmentTier;

  @Field(() => Float, { description: 'Its relevance, 0..1' })
  score!: number;

  @Field(() => Float, { nullable: true, description: "The next candidate's relevance" })
  runnerUpScore?: number | null;
}

@ObjectType()
export class ReasonCount {
  @Field(() => EscalationReason)
  reason!: EscalationReason;

  @Field(() => String, { description: '上报原因 in Chinese' })
  name!: string;

  @Field(() => Int)
  count!: number;
}
