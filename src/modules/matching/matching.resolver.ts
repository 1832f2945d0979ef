import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, PageArgs } from '../../common/pagination';
import { ESCALATION_REASON_NAMES, EscalationReason, LIVE_ASSIGNMENT, Role } from '../../common/enums';
import { Campaign } from '../campaign/campaign.entity';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { SupplyItem } from '../supply/supply-item.entity';
import { User } from '../user/user.entity';
import { Assignment } from './assignment.entity';
import { Escalation } from './escalation.entity';
import { MatchRun } from './match-run.entity';
import { AssignmentExplanation, CandidateVerdict, EscalationDetail, ReasonCount, RunnerUp, SuggestionInfo } from './matching.types';
import * as matching from './matching.service';

export const MatchRunConnection = Connection(MatchRun, 'MatchRun');
export const AssignmentConnection = Connection(Assignment, 'Assignment');
export const EscalationConnection = Connection(Escalation, 'Escalation');

const load = <T>(p: Promise<T | null>) => p.then((x) => x!);

@Resolver(() => MatchRun)
export class MatchRunResolver {
  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Mutation(() => MatchRun, {
    description: 'Place the open demands of a campaign (in a city or county; default: your region) on published supply items: county tier, then city tier, the rest escalated',
  })
  runMatching(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return matching.runMatching(ctx, { campaignId, regionId });
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => MatchRun)
  matchRun(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return matching.getMatchRun(ctx, id);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => MatchRunConnection, { description: 'Runs of a campaign over your region, oldest first' })
  matchRuns(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Args(() => PageArgs) page: PageArgs) {
    return matching.listMatchRuns(ctx, campaignId, page);
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() run: MatchRun, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Campaign).load(run.campaign.id));
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region covered; none for the whole campaign' })
  region(@Root() run: MatchRun, @Ctx() ctx: Context) {
    return run.region ? ctx.loaders.byId(Region).load(run.region.id) : null;
  }

  @FieldResolver(() => User, { nullable: true })
  startedBy(@Root() run: MatchRun, @Ctx() ctx: Context) {
    return run.startedBy ? ctx.loaders.byId(User).load(run.startedBy.id) : null;
  }

  @FieldResolver(() => [ReasonCount], { description: 'Escalations of this run by reason (reasons with none left out)' })
  escalatedByReason(@Root() run: MatchRun): ReasonCount[] {
    return Object.values(EscalationReason).map((reason) => ({ reason, name: ESCALATION_REASON_NAMES[reason], count: run.escalatedByReason[reason] ?? 0 })).filter((r) => r.count > 0);
  }

  @FieldResolver(() => AssignmentConnection, { description: 'The assignments this run made' })
  assignments(@Root() run: MatchRun, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return matching.runAssignments(ctx, run, page);
  }

  @FieldResolver(() => EscalationConnection, { description: 'The escalations this run opened or confirmed' })
  escalations(@Root() run: MatchRun, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('reason', () => EscalationReason, { nullable: true }) reason?: EscalationReason) {
    return matching.runEscalations(ctx, run, reason, page);
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => DemandItem)
  demandItem(@Root() a: Assignment, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(DemandItem).load(a.demandItem.id));
  }

  @FieldResolver(() => SupplyItem, { nullable: true })
  supplyItem(@Root() a: Assignment, @Ctx() ctx: Context) {
    return a.supplyItem ? ctx.loaders.byId(SupplyItem).load(a.supplyItem.id) : null;
  }

  @FieldResolver(() => Department)
  department(@Root() a: Assignment, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Department).load(a.department.id));
  }

  @FieldResolver(() => MatchRun, { nullable: true })
  run(@Root() a: Assignment, @Ctx() ctx: Context) {
    return a.run ? ctx.loaders.byId(MatchRun).load(a.run.id) : null;
  }

  @FieldResolver(() => AssignmentExplanation, { nullable: true, description: "The engine's reasons (none for a hand assignment)" })
  explanation(@Root() a: Assignment): AssignmentExplanation | null {
    const e = a.explanation;
    if (!e) return null;
    // Runs from before the lexicon stored no concepts.
    return { ...e, tier: e.tier as never, suggestedCategory: (e.suggestedCategory ?? null) as never, parts: { ...e.parts, concepts: e.parts.concepts ?? [], precedents: e.parts.precedents ?? null }, runnerUp: e.runnerUp ? { ...e.runnerUp, lostBy: e.runnerUp.lostBy as never, takenBy: e.runnerUp.takenBy ?? [] } : null };
  }
}

@Resolver(() => Escalation)
export class EscalationResolver {
  @FieldResolver(() => DemandItem)
  demandItem(@Root() e: Escalation, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(DemandItem).load(e.demandItem.id));
  }

  @FieldResolver(() => MatchRun, { nullable: true, description: 'The run that opened it (none after a decline)' })
  run(@Root() e: Escalation, @Ctx() ctx: Context) {
    return e.run ? ctx.loaders.byId(MatchRun).load(e.run.id) : null;
  }

  @FieldResolver(() => EscalationDetail)
  detail(@Root() e: Escalation): EscalationDetail {
    return {
      summary: e.detail.summary,
      suggestion: e.detail.suggestion ? { ...e.detail.suggestion, tier: e.detail.suggestion.tier as never } : null,
      candidates: e.detail.candidates.map((c) => ({ ...c, tier: c.tier as never, rule: c.rule as never, score: c.score ?? null, takenBy: c.takenBy ?? [] })),
    };
  }
}

@Resolver(() => RunnerUp)
export class RunnerUpResolver {
  @FieldResolver(() => SupplyItem, { nullable: true })
  supplyItem(@Root() r: RunnerUp, @Ctx() ctx: Context) {
    return ctx.loaders.byId(SupplyItem).load(r.supplyId);
  }
}

@Resolver(() => SuggestionInfo)
export class SuggestionResolver {
  @FieldResolver(() => SupplyItem, { nullable: true })
  supplyItem(@Root() s: SuggestionInfo, @Ctx() ctx: Context) {
    return ctx.loaders.byId(SupplyItem).load(s.supplyId);
  }
}

@Resolver(() => CandidateVerdict)
export class CandidateVerdictResolver {
  @FieldResolver(() => SupplyItem, { nullable: true })
  supplyItem(@Root() c: CandidateVerdict, @Ctx() ctx: Context) {
    return ctx.loaders.byId(SupplyItem).load(c.supplyId);
  }
}

/** A demand item's place in matching: its live assignment, its history, its open escalation. */
@Resolver(() => DemandItem)
export class DemandMatchingResolver {
  @FieldResolver(() => Assignment, { nullable: true, description: 'The live assignment (MATCHED … CLOSED), if any' })
  async assignment(@Root() item: DemandItem, @Ctx() ctx: Context) {
    const all = await ctx.loaders.manyBy(Assignment, 'demandItem').load(item.id);
    return all.find((a) => LIVE_ASSIGNMENT.includes(a.status)) ?? null;
  }

  @FieldResolver(() => [Assignment], { description: 'Every assignment, declined and cancelled ones included, oldest first' })
  assignments(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(Assignment, 'demandItem').load(item.id);
  }

  @FieldResolver(() => Escalation, { nullable: true, description: 'The open escalation, if any' })
  async escalation(@Root() item: DemandItem, @Ctx() ctx: Context) {
    const all = await ctx.loaders.manyBy(Escalation, 'demandItem').load(item.id);
    return all.find((e) => e.status === 'OPEN') ?? null;
  }
}
