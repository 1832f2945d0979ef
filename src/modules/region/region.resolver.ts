import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Region } from './region.entity';
import { CreateRegionInput, RegionFilter, UpdateRegionInput } from './region.inputs';
import * as regions from './region.service';

@Resolver(() => Region)
export class RegionResolver {
  @Authorized()
  @Query(() => [Region], { description: 'Regions in tree order (by path); at most 5000' })
  regions(@Ctx() ctx: Context, @Arg('filter', () => RegionFilter, { nullable: true }) filter?: RegionFilter): Promise<Region[]> {
    return regions.listRegions(ctx, filter ?? {});
  }

  @Authorized()
  @Query(() => Region)
  region(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Region> {
    return regions.getRegion(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Region)
  createRegion(@Ctx() ctx: Context, @Arg('input', () => CreateRegionInput) input: CreateRegionInput): Promise<Region> {
    return regions.createRegion(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Region)
  updateRegion(@Ctx() ctx: Context, @Arg('input', () => UpdateRegionInput) input: UpdateRegionInput): Promise<Region> {
    return regions.updateRegion(ctx, input);
  }

  @FieldResolver(() => Region, { nullable: true })
  parent(@Root() region: Region, @Ctx() ctx: Context): Promise<Region | null> | null {
    return region.parent ? ctx.loaders.byId(Region).load(region.parent.id) : null;
  }

  @FieldResolver(() => [Region])
  children(@Root() region: Region, @Ctx() ctx: Context): Promise<Region[]> {
    return ctx.loaders.manyBy(Region, 'parent').load(region.id);
  }
}
