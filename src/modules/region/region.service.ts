import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { RegionLevel } from '../../common/enums';
import { badInput, exists, notFound } from '../../common/errors';
import { likeText } from '../../common/text-filter';
import * as v from '../../common/validate';
import { Region } from './region.entity';
import type { CreateRegionInput, RegionFilter, UpdateRegionInput } from './region.inputs';

/** The level a child of each level has. */
const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  [RegionLevel.CITY]: RegionLevel.COUNTY,
  [RegionLevel.COUNTY]: RegionLevel.TOWNSHIP,
  [RegionLevel.TOWNSHIP]: RegionLevel.VILLAGE,
  [RegionLevel.VILLAGE]: null,
};

export async function getRegion(ctx: Context, id: string, field = 'id'): Promise<Region> {
  const region = await ctx.loaders.byId(Region).load(id);
  if (!region) throw notFound('Region', id, field);
  return region;
}

/** The region tree is public to every signed-in user: it holds no personal data. */
export async function listRegions(ctx: Context, filter: RegionFilter = {}): Promise<Region[]> {
  const where: FilterQuery<Region> = {};
  if (filter.level) where.level = filter.level;
  if (filter.parentId !== undefined) where.parent = filter.parentId;
  if (filter.withinId) {
    const root = await getRegion(ctx, filter.withinId, 'filter.withinId');
    where.path = { $like: `${root.path}%` };
  }
  if (filter.text) where.name = likeText(filter.text);
  return ctx.em.find(Region, where, { orderBy: { path: 'asc' }, limit: 5000 });
}

/** The COUNTY a region lies in (itself, if it is one), or null for the city. */
export function countyIdOf(region: Region): string | null {
  const parts = region.path.split('/').filter(Boolean);
  return region.level === RegionLevel.CITY ? null : (parts[1] ?? null);
}

export async function createRegion(ctx: Context, input: CreateRegionInput): Promise<Region> {
  const name = v.text('input.name', input.name, 100);
  if (input.id !== undefined && input.id !== null && !/^[A-Za-z0-9_-]{1,40}$/.test(input.id)) {
    throw badInput('input.id', 'input.id may hold only letters, digits, "-" and "_" (1–40)', 'e.g. an official division code such as 150821102');
  }
  let parent: Region | null = null;
  if (input.parentId) {
    parent = await getRegion(ctx, input.parentId, 'input.parentId');
    const expected = CHILD_LEVEL[parent.level];
    if (expected !== input.level) {
      throw badInput('input.level', `A region under a ${parent.level} must be a ${expected ?? 'nothing: villages have no children'}`, expected ? [expected] : []);
    }
  } else if (input.level !== RegionLevel.CITY) {
    throw badInput('input.parentId', `A ${input.level} needs a parentId`, 'only a CITY has no parent');
  }
  const region = ctx.em.create(Region, { name, level: input.level, parent, path: '' });
  if (input.id) {
    if (await ctx.em.findOne(Region, { id: input.id })) throw exists(`Region "${input.id}" already exists`, 'input.id');
    region.id = input.id;
  }
  region.path = `${parent ? parent.path : ''}${region.id}/`;
  await ctx.em.flush();
  return region;
}

export async function updateRegion(ctx: Context, input: UpdateRegionInput): Promise<Region> {
  const region = await getRegion(ctx, input.id);
  region.name = v.text('input.name', input.name, 100);
  await ctx.em.flush();
  return region;
}
