import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Region } from '../region/region.entity';
import { Department } from './department.entity';
import { CreateDepartmentInput, DepartmentFilter, UpdateDepartmentInput } from './department.inputs';
import * as departments from './department.service';

export const DepartmentConnection = Connection(Department, 'Department');

@Resolver(() => Department)
export class DepartmentResolver {
  @Authorized()
  @Query(() => DepartmentConnection)
  departments(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DepartmentFilter, { nullable: true }) filter?: DepartmentFilter,
  ) {
    return departments.listDepartments(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => Department)
  department(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Department> {
    return departments.getDepartment(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Department)
  createDepartment(@Ctx() ctx: Context, @Arg('input', () => CreateDepartmentInput) input: CreateDepartmentInput) {
    return departments.createDepartment(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Department)
  updateDepartment(@Ctx() ctx: Context, @Arg('input', () => UpdateDepartmentInput) input: UpdateDepartmentInput) {
    return departments.updateDepartment(ctx, input);
  }

  @FieldResolver(() => Region)
  async region(@Root() department: Department, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.byId(Region).load(department.region.id))!;
  }
}
