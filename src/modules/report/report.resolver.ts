import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { matchReport } from './report.service';
import { MatchReport } from './report.types';

@Resolver(() => MatchReport)
export class ReportResolver {
  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => MatchReport, { description: 'Figures per county, township, department and category for a campaign, over a city or one county (default: your region)' })
  matchReport(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return matchReport(ctx, campaignId, regionId);
  }
}
