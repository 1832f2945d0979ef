import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ReasonCount } from '../matching/matching.types';

/** Report shapes (not entities): every rate names its numerator and denominator. */

@ObjectType({ description: 'A rate with what it is made of; value is null when the denominator is 0' })
export class Rate {
  @Field(() => Int) numerator!: number;
  @Field(() => Int) denominator!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType({ description: 'Figures for one county, township, department or category (or the whole)' })
export class ReportRow {
  @Field(() => ID, { description: 'The county, township or department id, or the category; "ALL" for the total; "NONE" for demands without a department' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'Demands submitted' }) demands!: number;
  @Field(() => Int, { description: 'Live assignments placed at county tier' }) placedCounty!: number;
  @Field(() => Int) placedCity!: number;
  @Field(() => Int, { description: 'Assigned by hand at the desk' }) placedManual!: number;
  @Field(() => Int, { description: 'Demands ever escalated' }) escalated!: number;
  @Field(() => [ReasonCount], { description: 'By the reason of their latest escalation' }) escalatedByReason!: ReasonCount[];
  @Field(() => Int) accepted!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int, { description: '销号' }) closed!: number;
  @Field(() => Int) overdue!: number;
  @Field(() => Rate, { description: 'Accepted within the configured days of dispatch, of those dispatched' }) responseRate!: Rate;
  @Field(() => Rate, { description: 'Completed, of those accepted' }) resolutionRate!: Rate;
  @Field(() => Rate, { description: 'Latest rating in the top three levels, of those rated' }) satisfactionRate!: Rate;
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
  @Field(() => Int, { description: 'Demands submitted' }) demands!: number;
  @Field(() => Int, { description: 'With a live assignment' }) placed!: number;
  @Field(() => Int, { description: 'Without one (escalated, deferred, held by a leader, or waiting), withdrawn ones left out' }) unplaced!: number;
  @Field(() => Int, { description: "Capacity of the county departments' published items in this category" }) countyCapacity!: number;
  @Field(() => Int, { description: "Capacity of the city departments' published items in this category (shared by all counties)" }) cityCapacity!: number;
  @Field(() => [ID], { description: 'The unplaced demand items, by id' }) unplacedDemandIds!: string[];
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
  @Field(() => [StateCount]) assignmentsByState!: StateCount[];
  @Field(() => Rate) responseRate!: Rate;
  @Field(() => Rate) resolutionRate!: Rate;
  @Field(() => Rate) satisfactionRate!: Rate;
  @Field(() => Int, { description: 'Times supervised (督办)' }) supervised!: number;
  @Field(() => [ScorecardOverdue]) overdue!: ScorecardOverdue[];
}

@ObjectType()
export class StateCount {
  @Field(() => String) state!: string;
  @Field(() => Int) count!: number;
}
