import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Connection, PageArgs, paginate } from '../../common/pagination';
import { DemandItem } from '../demand/demand-item.entity';
import { Region } from '../region/region.entity';
import { Household } from './household.entity';

export const HouseholdConnection = Connection(Household, 'Household');

/**
 * Households (入户走访) are personal data: the township's organizer and the organization departments
 * over it read them (scope.ts, householdScope); to anyone else a demand's household is null and the
 * list is empty.
 */
@Resolver(() => Household)
export class HouseholdResolver {
  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT)
  @Query(() => HouseholdConnection, { description: 'The households met on visits that you may see (your township, or your region)' })
  households(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return paginate(ctx, Household, {}, page);
  }

  @FieldResolver(() => Region)
  township(@Root() household: Household, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(household.township.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  village(@Root() household: Household, @Ctx() ctx: Context) {
    return household.village ? ctx.loaders.byId(Region).load(household.village.id) : null;
  }
}

@Resolver(() => DemandItem)
export class DemandHouseholdResolver {
  @FieldResolver(() => Household, { nullable: true, description: 'The household whose visit raised it (入户走访): for its township and the organization departments over it; null for everyone else' })
  household(@Root() item: DemandItem, @Ctx() ctx: Context) {
    return item.household ? ctx.loaders.byId(Household).load(item.household.id) : null;
  }
}
