import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { PageArgs } from '../../common/pagination';
import { DemandItemConnection } from '../demand/demand.resolver';
import { Assignment } from '../matching/assignment.entity';
import { User } from '../user/user.entity';
import { releaseWish } from '../workflow/loop.service';
import { claimWish, MEMBER_QUOTA, UNIT_QUOTA, wishBoard, wishQuotas } from './wish.service';

@InputType({ description: '领办: claim a micro-wish from the board, with the date you promise it done' })
export class ClaimWishInput {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Int, { description: 'The version of the wish you read: if someone claimed it meanwhile, CONFLICT' }) version!: number;
  @Field(() => String, { description: '承诺办结时限, YYYY-MM-DD, not before today' }) committedDate!: string;
  @Field(() => String, { nullable: true, description: 'A word to the township (how you will do it)' }) note?: string;
}

@InputType({ description: '退回领办: give a claimed wish back to the board, saying why' })
export class ReleaseWishInput {
  @Field(() => ID, { description: 'The claim (an assignment of tier VOLUNTEER) you made' }) id!: string;
  @Field(() => Int, { description: 'The version of the claim you read' }) version!: number;
  @Field(() => String, { description: 'Why you give it back (the township reads it on the timeline)' }) reason!: string;
}

@ObjectType({ description: 'One volunteer\'s claims (领办) in a year, against the member quota' })
export class VolunteerQuota {
  @Field(() => ID) userId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => ID, { nullable: true, description: 'Its home unit (a department or party branch)' }) unitId!: string | null;
  @Field(() => String, { nullable: true }) unitName!: string | null;
  @Field(() => String, { nullable: true }) regionName!: string | null;
  @Field(() => Int) claims!: number;
  @Field(() => Int, { description: 'Of them, closed (销号)' }) closed!: number;
  @Field(() => Boolean, { description: `At least ${MEMBER_QUOTA} claim this year` }) meets!: boolean;
}

@ObjectType({ description: 'One unit\'s claims in a year (its members\'), against the unit quota' })
export class UnitQuota {
  @Field(() => ID) unitId!: string;
  @Field(() => String) unitName!: string;
  @Field(() => Int, { description: 'Its volunteers' }) members!: number;
  @Field(() => Int) claims!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Boolean, { description: `At least ${UNIT_QUOTA} claims this year` }) meets!: boolean;
}

@ObjectType({ description: '微心愿 yearly report: claims per volunteer and per unit against Loudi\'s quotas' })
export class WishQuotas {
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: 'Claims a year each party member is asked for' }) memberQuota!: number;
  @Field(() => Int, { description: 'Claims a year each unit is asked for' }) unitQuota!: number;
  @Field(() => [VolunteerQuota]) volunteers!: VolunteerQuota[];
  @Field(() => [UnitQuota]) units!: UnitQuota[];
}

@Resolver(() => Assignment)
export class WishResolver {
  @Authorized(Role.VOLUNTEER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => DemandItemConnection, { description: '微心愿 board: the INDIVIDUAL demands of your region, submitted and not yet claimed (the village and the need; never the household)' })
  wishBoard(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('campaignId', () => ID, { nullable: true }) campaignId?: string) {
    return wishBoard(ctx, campaignId, page);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => WishQuotas, { description: '微心愿 yearly report: the claims of the volunteers of your region (or of regionId inside it) in a calendar year, per volunteer and per home unit, against the quotas' })
  async wishQuotas(@Ctx() ctx: Context, @Arg('year', () => Int) year: number, @Arg('regionId', () => ID, { nullable: true }) regionId?: string): Promise<WishQuotas> {
    return { year, memberQuota: MEMBER_QUOTA, unitQuota: UNIT_QUOTA, ...(await wishQuotas(ctx, year, regionId)) };
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => Assignment, { description: '领办: claim a wish (SUBMITTED → ACCEPTED); then reportProgress and completeAssignment as a department does, and the township rates it. Two claiming at once: one wins, the other gets CONFLICT' })
  claimWish(@Ctx() ctx: Context, @Arg('input', () => ClaimWishInput) input: ClaimWishInput) {
    return claimWish(ctx, input);
  }

  @Authorized(Role.VOLUNTEER)
  @Mutation(() => Assignment, { description: '退回领办: give back a wish you claimed and have not completed (ACCEPTED or IN_PROGRESS → SUBMITTED): your claim is cancelled (it no longer counts to the quota) and the wish is on the board again' })
  releaseWish(@Ctx() ctx: Context, @Arg('input', () => ReleaseWishInput) input: ReleaseWishInput) {
    return releaseWish(ctx, input);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The volunteer who claimed it (tier VOLUNTEER): to that volunteer, and to the organization departments and admin' })
  volunteer(@Root() a: Assignment, @Ctx() ctx: Context) {
    return a.volunteer ? ctx.loaders.byId(User).load(a.volunteer.id) : null;
  }
}
