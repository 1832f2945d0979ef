import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { PageArgs } from '../../common/pagination';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import { EscalationConnection } from '../matching/matching.resolver';
import { User } from '../user/user.entity';
import { AcceptSuggestionInput, AssignByHandInput, CompleteByLeaderInput, DeferDemandInput, EscalationFilter, HandToLeaderInput, ResumeDemandInput, SuperviseInput } from './desk.inputs';
import * as desk from './desk.service';
import { Supervision } from './supervision.entity';

const DESK = [Role.ORGANIZATION_DEPARTMENT, Role.ADMIN];

@Resolver(() => Supervision)
export class DeskResolver {
  @Authorized(...DESK)
  @Query(() => EscalationConnection, { description: 'The desk: open escalations in your region (or by status), oldest first; filter by reason, county, age' })
  escalations(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => EscalationFilter, { nullable: true }) filter?: EscalationFilter) {
    return desk.listEscalations(ctx, filter ?? {}, page);
  }

  @Authorized(...DESK)
  @Mutation(() => DemandItem, { description: 'Assign by hand (ESCALATED or LEADERSHIP → MATCHED); tier MANUAL' })
  assignByHand(@Ctx() ctx: Context, @Arg('input', () => AssignByHandInput) input: AssignByHandInput) {
    return desk.assignByHand(ctx, input);
  }

  @Authorized(...DESK)
  @Mutation(() => DemandItem, { description: '建议派单: place an escalated demand on the item the engine suggested (ESCALATED → MATCHED, tier MANUAL)' })
  acceptSuggestion(@Ctx() ctx: Context, @Arg('input', () => AcceptSuggestionInput) input: AcceptSuggestionInput) {
    return desk.acceptSuggestion(ctx, input);
  }

  @Authorized(...DESK)
  @Mutation(() => DemandItem, { description: '暂不具备条件 (ESCALATED → DEFERRED), with an explanation the township reads' })
  deferDemand(@Ctx() ctx: Context, @Arg('input', () => DeferDemandInput) input: DeferDemandInput) {
    return desk.deferDemand(ctx, input);
  }

  @Authorized(...DESK)
  @Mutation(() => DemandItem, { description: '领导领办 (ESCALATED → LEADERSHIP), with the leader and a due date' })
  handToLeader(@Ctx() ctx: Context, @Arg('input', () => HandToLeaderInput) input: HandToLeaderInput) {
    return desk.handToLeader(ctx, input);
  }

  @Authorized(...DESK)
  @Mutation(() => DemandItem, { description: 'Conditions changed (DEFERRED → ESCALATED)' })
  resumeDemand(@Ctx() ctx: Context, @Arg('input', () => ResumeDemandInput) input: ResumeDemandInput) {
    return desk.resumeDemand(ctx, input);
  }

  @Authorized(...DESK)
  @Mutation(() => DemandItem, { description: 'The leader records it done (LEADERSHIP → COMPLETED); the township then rates it' })
  completeByLeader(@Ctx() ctx: Context, @Arg('input', () => CompleteByLeaderInput) input: CompleteByLeaderInput) {
    return desk.completeByLeader(ctx, input);
  }

  @Authorized(...DESK)
  @Mutation(() => Supervision, { description: '督办 a late or stuck item' })
  supervise(@Ctx() ctx: Context, @Arg('input', () => SuperviseInput) input: SuperviseInput) {
    return desk.supervise(ctx, input);
  }

  @FieldResolver(() => DemandItem)
  demandItem(@Root() s: Supervision, @Ctx() ctx: Context) {
    return ctx.loaders.byId(DemandItem).load(s.demandItem.id);
  }

  @FieldResolver(() => Department, { nullable: true })
  department(@Root() s: Supervision, @Ctx() ctx: Context) {
    return s.department ? ctx.loaders.byId(Department).load(s.department.id) : null;
  }

  @FieldResolver(() => User, { nullable: true })
  by(@Root() s: Supervision, @Ctx() ctx: Context) {
    return s.by ? ctx.loaders.byId(User).load(s.by.id) : null;
  }
}

/** Supervisions where they are read: on the department's assignment, and on the demand item. */
@Resolver(() => Assignment)
export class AssignmentSupervisionResolver {
  @FieldResolver(() => [Supervision], { description: '督办 of this assignment, oldest first' })
  supervisions(@Root() a: Assignment, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(Supervision, 'assignment').load(a.id);
  }
}

@Resolver(() => Escalation)
export class EscalationAgeResolver {
  @FieldResolver(() => Int, { description: 'Whole days since it was escalated' })
  ageDays(@Root() e: Escalation, @Ctx() ctx: Context) {
    return Math.floor((ctx.clock.now().getTime() - e.escalatedAt.getTime()) / 86_400_000);
  }
}
