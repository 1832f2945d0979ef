import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { User } from '../user/user.entity';
import { Event } from './event.entity';

@Resolver(() => Event)
export class EventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who did it (none for the system)' })
  actor(@Root() event: Event, @Ctx() ctx: Context) {
    return event.actor ? ctx.loaders.byId(User).load(event.actor.id) : null;
  }
}
