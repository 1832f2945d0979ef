import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { gapAnalysis, matchReport, movesPerDay, scorecards } from './report.service';
import { DayMoves, GapRow, MatchReport, Scorecard } from './report.types';

@Resolver(() => MatchReport)
export class ReportResolver {
  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => MatchReport, { description: 'Figures per county, township, department and category for a campaign, over a city or one county (default: your region)' })
  matchReport(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return matchReport(ctx, campaignId, regionId);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => [GapRow], { description: 'Gap analysis per county and category, most unplaced first: what supply to add next campaign' })
  gapAnalysis(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return gapAnalysis(ctx, campaignId, regionId);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => [DayMoves], { description: "Moves per day on a campaign's demands, over a city or one county (default: your region), oldest day first; days without a move left out" })
  movesPerDay(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return movesPerDay(ctx, campaignId, regionId);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN, Role.DEPARTMENT_PUBLISHER)
  @Query(() => [Scorecard], {
    description: "Department scorecards: a department sees its own, over every demand it serves; an organization department its region's (default: its own), over that region's demands only, whoever served them",
  })
  scorecards(
    @Ctx() ctx: Context,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('departmentId', () => ID, { nullable: true }) departmentId?: string,
    @Arg('regionId', () => ID, { nullable: true, description: 'A city or a county (organization departments and admins)' }) regionId?: string,
  ) {
    return scorecards(ctx, campaignId, departmentId, regionId);
  }
}
