import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_WAIT_SECONDS, ADDRESS_FAILURES, ADDRESS_WINDOW_SECONDS } from '../../auth/login-throttle';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { User } from './user.entity';
import { ChangePasswordInput, CreateUserInput, LoginInput, LoginResult, ResetPasswordInput } from './user.inputs';
import * as users from './user.service';

export const UserConnection = Connection(User, 'User');

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => LoginResult, {
    description: `The only operation open without a token. After ${ACCOUNT_FREE_FAILURES} wrong passwords for a username (a wait that doubles from 1 s up to ${ACCOUNT_MAX_WAIT_SECONDS / 60} min), or ${ADDRESS_FAILURES} from one address in ${ADDRESS_WINDOW_SECONDS / 60} min, an attempt is refused with TOO_MANY_REQUESTS and extensions.retryAfterSeconds, its password unchecked`,
  })
  login(@Ctx() ctx: Context, @Arg('input', () => LoginInput) input: LoginInput) {
    return users.login(ctx, input);
  }

  @Authorized()
  @Mutation(() => LoginResult, { description: 'Sets a new password for the signed-in user. Ends every earlier token of the user (every device); answers with a fresh one' })
  changePassword(@Ctx() ctx: Context, @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput) {
    return users.changePassword(ctx, input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends every token of the signed-in user, on every device, not only the one sent; sign in again to go on' })
  logout(@Ctx() ctx: Context) {
    return users.logout(ctx);
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
  @Mutation(() => User, { description: "Sets a user's password. Ends every token the user held" })
  resetPassword(@Ctx() ctx: Context, @Arg('input', () => ResetPasswordInput) input: ResetPasswordInput) {
    return users.resetPassword(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: 'Deactivating ends every token the user held; activating again does not bring them back' })
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
