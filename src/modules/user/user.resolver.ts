import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { User } from './user.entity';
import { CreateUserInput, LoginInput, LoginResult } from './user.inputs';
import * as users from './user.service';

export const UserConnection = Connection(User, 'User');

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => LoginResult, { description: 'The only operation open without a token' })
  login(@Ctx() ctx: Context, @Arg('input', () => LoginInput) input: LoginInput) {
    return users.login(ctx, input);
  }

  @Authorized()
  @Query(() => User, { description: 'The signed-in user' })
  me(@Ctx() ctx: Context): Promise<User> {
    return users.me(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => UserConnection)
  users(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return users.listUsers(ctx, page);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User)
  createUser(@Ctx() ctx: Context, @Arg('input', () => CreateUserInput) input: CreateUserInput) {
    return users.createUser(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User)
  setUserActive(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('active', () => Boolean) active: boolean) {
    return users.setUserActive(ctx, id, active);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() user: User, @Ctx() ctx: Context) {
    return user.region ? ctx.loaders.byId(Region).load(user.region.id) : null;
  }

  @FieldResolver(() => Department, { nullable: true })
  department(@Root() user: User, @Ctx() ctx: Context) {
    return user.department ? ctx.loaders.byId(Department).load(user.department.id) : null;
  }
}
