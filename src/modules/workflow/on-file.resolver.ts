import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { PageArgs } from '../../common/pagination';
import { DemandItem } from '../demand/demand-item.entity';
import { Escalation } from '../matching/escalation.entity';
import { EscalationConnection } from '../matching/matching.resolver';
import { User } from '../user/user.entity';
import { checkRegion, deferralOf, listOnFile, reviewOnFile, reviewOverdue, routeFor, RouteWay } from './on-file.service';

registerEnumType(RouteWay, {
  name: 'RouteWay',
  description: '需求去向: which way a demand went',
  valuesConfig: {
    NOT_SENT: { description: '未提交（草稿）' },
    BOARD: { description: '微心愿：志愿者心愿墙，党员领办' },
    ENGINE: { description: '系统匹配派单（先旗县区，后市级）' },
    DESK: { description: '组织部门协调（上报、人工派单）' },
    LEADERS: { description: '领导领办（老大难，或组织部门交领导）' },
    ON_FILE: { description: '暂缓办理（暂不具备条件，列入台账，到期复核）' },
    MERGED: { description: '已合并到另一条需求' },
    WITHDRAWN: { description: '乡镇已撤回' },
  },
});

@ObjectType({ description: '需求去向: which way a demand went, and why, in a sentence for the township' })
export class DemandRoute {
  @Field(() => RouteWay) way!: RouteWay;
  @Field(() => String, { description: 'Why, in Chinese: the kind, the state, the tier or the desk\'s move that sent it there' }) reason!: string;
}

@InputType({ description: '暂缓办理台账 filter' })
export class OnFileFilter {
  @Field(() => ID, { nullable: true, description: 'Only this township\'s items' }) townshipId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only this county\'s items' }) countyId?: string | null;
  @Field(() => String, { nullable: true, description: 'Review date on or before this day (YYYY-MM-DD): what is due for review by then' }) reviewDueBy?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only those whose review date has passed' }) overdueOnly?: boolean | null;
}

@InputType({ description: '复核: the desk looks at an item on file again; a line on its timeline, the state unchanged' })
export class ReviewOnFileInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int, { description: 'The version of the demand item you read' }) version!: number;
  @Field(() => String, { description: 'What the review found (the township reads it)' }) note!: string;
  @Field(() => String, { nullable: true, description: 'A new review date, YYYY-MM-DD, after today and at most two years ahead; none keeps the one set' }) reviewDate?: string | null;
}

@Resolver(() => Escalation)
export class OnFileResolver {
  @Authorized()
  @Query(() => EscalationConnection, {
    description: '暂缓办理台账: the items on file (DEFERRED) in your scope with their explanation (deskNote), review date, who deferred them and when — an organization department its region\'s, a township its own, a department or volunteer none',
  })
  async onFile(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => OnFileFilter, { nullable: true }) filter?: OnFileFilter) {
    await checkRegion(ctx, filter?.townshipId, 'filter.townshipId');
    await checkRegion(ctx, filter?.countyId, 'filter.countyId');
    return listOnFile(ctx, filter ?? {}, page);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Mutation(() => DemandItem, { description: '复核 an item on file: a REVIEWED line on its timeline (DEFERRED stays DEFERRED), optionally a new review date; resumeDemand takes it off the file' })
  reviewOnFile(@Ctx() ctx: Context, @Arg('input', () => ReviewOnFileInput) input: ReviewOnFileInput) {
    return reviewOnFile(ctx, input);
  }

  @FieldResolver(() => Boolean, { description: '暂缓办理: the review date has passed and the item is still on file' })
  reviewOverdue(@Root() e: Escalation, @Ctx() ctx: Context) {
    return reviewOverdue(ctx, e);
  }

  @FieldResolver(() => User, { nullable: true, description: '暂缓办理: who put it on file (an account you may see; none otherwise)' })
  deferredBy(@Root() e: Escalation, @Ctx() ctx: Context) {
    return e.deferredBy ? ctx.loaders.byId(User).load(e.deferredBy.id) : null;
  }
}

@Resolver(() => DemandItem)
export class DemandRouteResolver {
  @FieldResolver(() => DemandRoute, { description: '需求去向: which way it went (board, engine, desk, leaders, on file …) and why, from its kind, state and assignment tier' })
  route(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return routeFor(ctx, item);
  }

  @FieldResolver(() => Escalation, { nullable: true, description: '暂缓办理: while DEFERRED, the escalation it is on file by (deskNote: the explanation; reviewDate; deferredAt); none otherwise' })
  deferral(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return deferralOf(ctx, item);
  }
}
