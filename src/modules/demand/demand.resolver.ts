import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, PageArgs } from '../../common/pagination';
import { Campaign } from '../campaign/campaign.entity';
import { Region } from '../region/region.entity';
import { Event } from '../workflow/event.entity';
import { DemandItem } from './demand-item.entity';
import { DemandList } from './demand-list.entity';
import {
  AddDemandItemInput, CreateDemandListInput, DemandItemFilter, DemandListFilter, UpdateDemandItemInput, UpdateDemandListInput,
} from './demand.inputs';
import * as demands from './demand.service';

export const DemandListConnection = Connection(DemandList, 'DemandList');
export const DemandItemConnection = Connection(DemandItem, 'DemandItem');

const load = <T>(p: Promise<T | null>) => p.then((x) => x!);

@Resolver(() => DemandList)
export class DemandListResolver {
  @Authorized()
  @Query(() => DemandListConnection, { description: "Demand lists the caller may see (a township: its own)" })
  demandLists(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => DemandListFilter, { nullable: true }) filter?: DemandListFilter) {
    return demands.listDemandLists(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => DemandList)
  demandList(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return demands.getDemandList(ctx, id);
  }

  @Authorized()
  @Mutation(() => DemandList, { description: "Start the township's list for a campaign (township organizer)" })
  createDemandList(@Ctx() ctx: Context, @Arg('input', () => CreateDemandListInput) input: CreateDemandListInput) {
    return demands.createDemandList(ctx, input);
  }

  @Authorized()
  @Mutation(() => DemandList)
  updateDemandList(@Ctx() ctx: Context, @Arg('input', () => UpdateDemandListInput) input: UpdateDemandListInput) {
    return demands.updateDemandList(ctx, input);
  }

  @Authorized()
  @Mutation(() => DemandList, { description: 'DRAFT → SUBMITTED; the list is read-only afterwards' })
  submitDemandList(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return demands.submitDemandList(ctx, id);
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() list: DemandList, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Campaign).load(list.campaign.id));
  }

  @FieldResolver(() => Region)
  township(@Root() list: DemandList, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Region).load(list.township.id));
  }

  @FieldResolver(() => Region)
  county(@Root() list: DemandList, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Region).load(list.county.id));
  }

  @FieldResolver(() => [DemandItem])
  items(@Root() list: DemandList, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(DemandItem, 'list').load(list.id);
  }

  @FieldResolver(() => Int)
  async itemCount(@Root() list: DemandList, @Ctx() ctx: Context) {
    return (await ctx.loaders.manyBy(DemandItem, 'list').load(list.id)).length;
  }
}

@Resolver(() => DemandItem)
export class DemandItemResolver {
  @Authorized()
  @Query(() => DemandItemConnection, { description: 'Demand items the caller may see' })
  demandItems(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => DemandItemFilter, { nullable: true }) filter?: DemandItemFilter) {
    return demands.listDemandItems(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => DemandItem)
  demandItem(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return demands.getDemandItem(ctx, id);
  }

  @Authorized()
  @Mutation(() => DemandItem, { description: '补报: submit a late item of a submitted list on its own (DRAFT → SUBMITTED)' })
  submitDemandItem(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return demands.submitDemandItem(ctx, id);
  }

  @Authorized()
  @Mutation(() => DemandItem, { description: 'Add an item: to a draft list, it goes with the list; to a submitted list, it is a late item (补报), a draft until submitDemandItem' })
  addDemandItem(@Ctx() ctx: Context, @Arg('input', () => AddDemandItemInput) input: AddDemandItemInput) {
    return demands.addDemandItem(ctx, input);
  }

  @Authorized()
  @Mutation(() => DemandItem)
  updateDemandItem(@Ctx() ctx: Context, @Arg('input', () => UpdateDemandItemInput) input: UpdateDemandItemInput) {
    return demands.updateDemandItem(ctx, input);
  }

  @Authorized()
  @Mutation(() => ID, { description: 'Delete an item of a DRAFT list; returns its id' })
  removeDemandItem(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return demands.removeDemandItem(ctx, id);
  }

  @Authorized()
  @Mutation(() => DemandItem, { description: 'The township takes an item back (before it is COMPLETED)' })
  withdrawDemandItem(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('version', () => Int, { nullable: true, description: 'The item version you read: a change made meanwhile is refused (CONFLICT)' }) version?: number,
  ) {
    return demands.withdrawDemandItem(ctx, id, reason, version);
  }

  @FieldResolver(() => DemandList, { nullable: true, description: "The township's list (none for a department: it sees the items assigned to it, not the list)" })
  list(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return ctx.loaders.byId(DemandList).load(item.list.id);
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Campaign).load(item.campaign.id));
  }

  @FieldResolver(() => Region)
  township(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Region).load(item.township.id));
  }

  @FieldResolver(() => Region)
  county(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return load(ctx.loaders.byId(Region).load(item.county.id));
  }

  @FieldResolver(() => Region, { nullable: true })
  village(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return item.village ? ctx.loaders.byId(Region).load(item.village.id) : null;
  }

  @FieldResolver(() => DemandItem, { nullable: true, description: 'The demand it was merged into (合并: the one kept of duplicates, or a common demand 共性问题), which now serves it' })
  mergedInto(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return item.mergedInto ? ctx.loaders.byId(DemandItem).load(item.mergedInto.id) : null;
  }

  @FieldResolver(() => [DemandItem], { description: 'The demands merged into this one (those you may see)' })
  mergedFrom(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(DemandItem, 'mergedInto').load(item.id);
  }

  @FieldResolver(() => [Event], { description: 'Every move of this item, oldest first' })
  timeline(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(Event, 'demandItem').load(item.id);
  }
}
