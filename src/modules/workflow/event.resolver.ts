import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DemandItem } from '../demand/demand-item.entity';
import { User } from '../user/user.entity';
import { Event } from './event.entity';

@Resolver(() => Event)
export class EventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who did it (none for the system)' })
  actor(@Root() event: Event, @Ctx() ctx: Context) {
    return event.actor ? ctx.loaders.byId(User).load(event.actor.id) : null;
  }

  @FieldResolver(() => [String], { description: 'Links a progress report gave (photos, documents: http/https), in its order; none for other lines' })
  links(@Root() event: Event): string[] {
    const links = event.data?.links;
    return Array.isArray(links) ? links.map(String) : [];
  }

  @FieldResolver(() => DemandItem, { nullable: true, description: 'The demand item it is a line of (none for a supply item change)' })
  demandItem(@Root() event: Event, @Ctx() ctx: Context) {
    return event.demandItem ? ctx.loaders.byId(DemandItem).load(event.demandItem.id) : null;
  }
}
