import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { DepartmentLevel, RegionLevel } from '../../common/enums';
import { badInput, notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import { likeText } from '../../common/text-filter';
import * as v from '../../common/validate';
import { getRegion } from '../region/region.service';
import { Department } from './department.entity';
import type { CreateDepartmentInput, DepartmentFilter, UpdateDepartmentInput } from './department.inputs';

export async function getDepartment(ctx: Context, id: string, field = 'id'): Promise<Department> {
  const department = await ctx.loaders.byId(Department).load(id);
  if (!department) throw notFound('Department', id, field);
  return department;
}

/** Departments are public to every signed-in user: they are who serves. */
export function listDepartments(ctx: Context, filter: DepartmentFilter = {}, page: PageArgs = {}) {
  const where: FilterQuery<Department> = {};
  if (filter.level) where.level = filter.level;
  if (filter.regionId) where.region = filter.regionId;
  if (filter.text) where.name = likeText(filter.text);
  return paginate(ctx, Department, where, page);
}

export async function createDepartment(ctx: Context, input: CreateDepartmentInput): Promise<Department> {
  const name = v.text('input.name', input.name, 100);
  const region = await getRegion(ctx, input.regionId, 'input.regionId');
  if (region.level !== RegionLevel.CITY && region.level !== RegionLevel.COUNTY) {
    throw badInput('input.regionId', `A department belongs to a CITY or a COUNTY, not a ${region.level}`, ['CITY', 'COUNTY']);
  }
  const level = region.level === RegionLevel.CITY ? DepartmentLevel.CITY : DepartmentLevel.COUNTY;
  const department = ctx.em.create(Department, { name, level, region });
  await ctx.em.flush();
  return department;
}

export async function updateDepartment(ctx: Context, input: UpdateDepartmentInput): Promise<Department> {
  const department = await getDepartment(ctx, input.id);
  department.name = v.text('input.name', input.name, 100);
  await ctx.em.flush();
  return department;
}
