import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LIVE_ASSIGNMENT } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Campaign } from '../campaign/campaign.entity';
import { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { Region } from '../region/region.entity';
import { Event } from '../workflow/event.entity';
import { SupplyItem } from './supply-item.entity';
import { SupplyList } from './supply-list.entity';
import {
  AddSupplyItemInput, AdjustSupplyItemInput, CreateSupplyListInput, SupplyItemFilter, SupplyListFilter, UpdateSupplyItemInput, UpdateSupplyListInput,
} from './supply.inputs';
import * as supply from './supply.service';

export const SupplyListConnection = Connection(SupplyList, 'SupplyList');
export const SupplyItemConnection = Connection(SupplyItem, 'SupplyItem');

const load = <T>(p: Promise<T | null>) => p.then((x) => x!);

@Resolver(() => SupplyList)
export class SupplyListResolver {
  @Authorized()
  @Query(() => SupplyListConnection, { description: 'Published supply lists (the menu), and the caller\'s own drafts' })
  supplyLists(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => SupplyListFilter, { nullable: true }) filter?: SupplyListFilter) {
    return supply.listSupplyLists(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => SupplyList)
  supplyList(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return supply.getSupplyList(ctx, id);
  }

  @Authorized()
  @Mutation(() => SupplyList, { description: "Start the department's list for a campaign (department publisher)" })
  createSupplyList(@Ctx() ctx: Context, @Arg('input', () => CreateSupplyListInput) input: CreateSupplyListInput) {
    return supply.createSupplyList(ctx, input);
  }

  @Authorized()
  @Mutation(() => SupplyList)
  updateSupplyList(@Ctx() ctx: Context, @Arg('input', () => UpdateSupplyListInput) input: UpdateSupplyListInput) {
    return supply.updateSupplyList(ctx, input);
  }

  @Authorized()
  @Mutation(() => SupplyList, { description: 'DRAFT → PUBLISHED' })
  publishSupplyList(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true, description: 'The list version you read: a change made meanwhile is refused (CONFLICT)' }) version?: number | null,
  ) {
    return supply.publishSupplyList(ctx, id, version);
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() list: SupplyList, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Campaign).load(list.campaign.id));
  }

  @FieldResolver(() => Department)
  department(@Root() list: SupplyList, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Department).load(list.department.id));
  }

  @FieldResolver(() => Region)
  region(@Root() list: SupplyList, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Region).load(list.region.id));
  }

  @FieldResolver(() => [SupplyItem])
  items(@Root() list: SupplyList, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(SupplyItem, 'list').load(list.id);
  }
}

@Resolver(() => SupplyItem)
export class SupplyItemResolver {
  @Authorized()
  @Query(() => SupplyItemConnection)
  supplyItems(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => SupplyItemFilter, { nullable: true }) filter?: SupplyItemFilter) {
    return supply.listSupplyItems(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => SupplyItem)
  supplyItem(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return supply.getSupplyItem(ctx, id);
  }

  @Authorized()
  @Mutation(() => SupplyItem)
  addSupplyItem(@Ctx() ctx: Context, @Arg('input', () => AddSupplyItemInput) input: AddSupplyItemInput) {
    return supply.addSupplyItem(ctx, input);
  }

  @Authorized()
  @Mutation(() => SupplyItem, { description: 'Edit an item of a DRAFT list' })
  updateSupplyItem(@Ctx() ctx: Context, @Arg('input', () => UpdateSupplyItemInput) input: UpdateSupplyItemInput) {
    return supply.updateSupplyItem(ctx, input);
  }

  @Authorized()
  @Mutation(() => SupplyItem, { description: 'Change capacity, window or contact of a PUBLISHED item; recorded' })
  adjustSupplyItem(@Ctx() ctx: Context, @Arg('input', () => AdjustSupplyItemInput) input: AdjustSupplyItemInput) {
    return supply.adjustSupplyItem(ctx, input);
  }

  @Authorized()
  @Mutation(() => ID, { description: 'Delete an item of a DRAFT list; returns its id' })
  removeSupplyItem(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true, description: 'The item version you read: a change made meanwhile is refused (CONFLICT)' }) version?: number | null,
  ) {
    return supply.removeSupplyItem(ctx, id, version);
  }

  @FieldResolver(() => SupplyList)
  list(@Root() item: SupplyItem, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(SupplyList).load(item.list.id));
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() item: SupplyItem, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Campaign).load(item.campaign.id));
  }

  @FieldResolver(() => Department)
  department(@Root() item: SupplyItem, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Department).load(item.department.id));
  }

  @FieldResolver(() => [Region], { description: 'Regions served; each covers its whole subtree' })
  async coverage(@Root() item: SupplyItem, @Ctx() ctx: Context) {
    const regions = await ctx.loaders.byId(Region).loadMany(item.coverage);
    return regions.filter((r): r is Region => r instanceof Region);
  }

  @FieldResolver(() => Int, { description: 'Capacity in use: its live assignments (MATCHED to CLOSED), as matching counts them' })
  used(@Root() item: SupplyItem, @Ctx() ctx: Context) {
    return ctx.loaders.countBy(Assignment, 'supplyItem', { status: { $in: LIVE_ASSIGNMENT } }).load(item.id);
  }

  @FieldResolver(() => [Event], { description: 'Changes made after publication' })
  changes(@Root() item: SupplyItem, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(Event, 'supplyItem').load(item.id);
  }
}
