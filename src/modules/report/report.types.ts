import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ReasonCount } from '../matching/matching.types';

/** Report shapes (not entities): every rate names its numerator and denominator. */

/**
 * The glossary of figures (and docs/reports.md's, which says the same): one definition each, counted
 * per submitted demand from its current (live) assignment, its latest escalation and its latest
 * rating, in every view alike (reportRows in report.service.ts computes them all).
 */
export const FIGURES = {
  placedCounty: 'Demands whose current assignment was placed at the county tier',
  placedCity: 'Demands whose current assignment was placed at the city tier',
  placedManual: 'Demands whose current assignment was made by hand at the desk',
  escalated: 'Demands ever escalated to the organization department',
  accepted: 'Demands whose current assignment was accepted (接单)',
  completed: 'Demands completed (办结) or closed, by a department or by a leader (领导领办)',
  closed: 'Demands closed (销号): completed and rated in the top three levels',
  overdue: 'Demands past a deadline now, as the overdue list counts them: not accepted within the days to accept, not completed by the committed date, or held by a leader past the due date',
  responseRate: 'Accepted within the days to accept of dispatch, of the dispatched demands whose outcome is known (accepted, or past those days); the rest pending',
  resolutionRate: "Completed by the department, of the accepted demands whose outcome is known (completed, past the committed date, or reopened); the rest pending",
  satisfactionRate: 'Latest rating in the top three levels, of the rated demands; completed demands awaiting a rating (a first one, or a new one after a reopening) pending',
} as const;

@ObjectType({ description: 'A rate with what it is made of: numerator / denominator over the items whose outcome is known; value is null when the denominator is 0' })
export class Rate {
  @Field(() => Int) numerator!: number;
  @Field(() => Int, { description: 'The items whose outcome is known' }) denominator!: number;
  @Field(() => Int, { description: 'Items whose outcome is not known yet (still inside their window), left out of the denominator: 待接单未超时, 办理中未到期, 待评价' }) pending!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType({ description: 'Figures for one county, township, department or category (or the whole)' })
export class ReportRow {
  @Field(() => ID, { description: 'The county, township or department id, or the category; "ALL" for the total; "NONE" for demands without a department' }) key!: string;
  @Field(() => String, { description: 'Its Chinese name (五原县, 送文化, 五原县农牧和科技局)' }) name!: string;
  @Field(() => Int, { description: 'Demands submitted' }) demands!: number;
  @Field(() => Int, { description: FIGURES.placedCounty }) placedCounty!: number;
  @Field(() => Int, { description: FIGURES.placedCity }) placedCity!: number;
  @Field(() => Int, { description: FIGURES.placedManual }) placedManual!: number;
  @Field(() => Int, { description: FIGURES.escalated }) escalated!: number;
  @Field(() => [ReasonCount], { description: 'By the reason of their latest escalation' }) escalatedByReason!: ReasonCount[];
  @Field(() => Int, { description: FIGURES.accepted }) accepted!: number;
  @Field(() => Int, { description: FIGURES.completed }) completed!: number;
  @Field(() => Int, { description: FIGURES.closed }) closed!: number;
  @Field(() => Int, { description: FIGURES.overdue }) overdue!: number;
  @Field(() => Rate, { description: FIGURES.responseRate }) responseRate!: Rate;
  @Field(() => Rate, { description: FIGURES.resolutionRate }) resolutionRate!: Rate;
  @Field(() => Rate, { description: FIGURES.satisfactionRate }) satisfactionRate!: Rate;
  @Field(() => Float, { nullable: true, description: 'Median days from submission to acceptance' }) medianDaysToAccept!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median days from submission to completion' }) medianDaysToComplete!: number | null;
}

@ObjectType({ description: '配餐报告: how the two lists are working, for a city or one county' })
export class MatchReport {
  @Field(() => ID) campaignId!: string;
  @Field(() => ID, { nullable: true }) regionId!: string | null;
  @Field(() => Date) generatedAt!: Date;
  @Field(() => ReportRow) total!: ReportRow;
  @Field(() => [ReportRow]) byCounty!: ReportRow[];
  @Field(() => [ReportRow]) byTownship!: ReportRow[];
  @Field(() => [ReportRow]) byDepartment!: ReportRow[];
  @Field(() => [ReportRow]) byCategory!: ReportRow[];
}

@ObjectType({ description: 'Gap analysis: one category in one county — what was asked against what was offered' })
export class GapRow {
  @Field(() => ID) countyId!: string;
  @Field(() => String) countyName!: string;
  @Field(() => String) category!: string;
  @Field(() => String, { description: 'The category\'s Chinese name (送科技)' }) categoryName!: string;
  @Field(() => Int, { description: 'Demands submitted' }) demands!: number;
  @Field(() => Int, { description: 'With a live assignment' }) placed!: number;
  @Field(() => Int, { description: 'Without one (escalated, deferred, held by a leader, or waiting), withdrawn ones left out' }) unplaced!: number;
  @Field(() => Int, { description: "Capacity of the county departments' published items in this category" }) countyCapacity!: number;
  @Field(() => Int, { description: "Capacity of the city departments' published items in this category (shared by all counties)" }) cityCapacity!: number;
  @Field(() => [ID], { description: 'The unplaced demand items, by id' }) unplacedDemandIds!: string[];
}

@ObjectType({ description: 'How many times one kind of move was made on a day' })
export class ActionCount {
  @Field(() => String, { description: "The timeline line's action: SUBMITTED, MATCHED, ACCEPT, COMPLETE, CLOSED …" }) action!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "One day's moves on a campaign's demands: every timeline line written that day (UTC), the engine's and people's" })
export class DayMoves {
  @Field(() => String, { description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => Int) total!: number;
  @Field(() => [ActionCount], { description: 'By action, in the order of their names' }) actions!: ActionCount[];
}

@ObjectType({ description: 'One overdue item on a scorecard, with who answers for it' })
export class ScorecardOverdue {
  @Field(() => ID) demandItemId!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) leaderName!: string | null;
  @Field(() => String, { nullable: true }) contactName!: string | null;
  @Field(() => String, { nullable: true }) contactPhone!: string | null;
  @Field(() => String, { nullable: true }) personInCharge!: string | null;
  @Field(() => String) dueDate!: string;
}

@ObjectType({ description: 'A department scorecard' })
export class Scorecard {
  @Field(() => ID) departmentId!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'Published supply items' }) supplyItems!: number;
  @Field(() => Int) capacity!: number;
  @Field(() => Int, { description: 'Capacity held by live assignments' }) capacityUsed!: number;
  @Field(() => [StateCount], { description: "Every assignment of the region's demands to it, declined ones too, by state" }) assignmentsByState!: StateCount[];
  @Field(() => Int, { description: 'Demands it holds now (the report\'s byDepartment row)' }) demands!: number;
  @Field(() => Rate, { description: FIGURES.responseRate }) responseRate!: Rate;
  @Field(() => Rate, { description: FIGURES.resolutionRate }) resolutionRate!: Rate;
  @Field(() => Rate, { description: FIGURES.satisfactionRate }) satisfactionRate!: Rate;
  @Field(() => Int, { description: 'Times supervised (督办)' }) supervised!: number;
  @Field(() => [ScorecardOverdue]) overdue!: ScorecardOverdue[];
}

@ObjectType()
export class StateCount {
  @Field(() => String) state!: string;
  @Field(() => String, { description: '已派单, 已退回 …' }) name!: string;
  @Field(() => Int) count!: number;
}
