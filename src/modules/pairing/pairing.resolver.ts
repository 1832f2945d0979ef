import DataLoader from 'dataloader';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { Category, Role, ServiceForm } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Department } from '../department/department.entity';
import { DemandItem } from '../demand/demand-item.entity';
import { Household } from '../household/household.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';
import { Cadre, Pairing, PairingStatus, PairLevel, PairVisit } from './pairing.entity';
import {
  addCadres, endPairing, listCadres, listPairings, pairingSummary, recordPairVisit, runPairing, MAX_CADRES_AT_ONCE, type UnpairedRow, type UnpairedStatus,
} from './pairing.service';

export const CadreConnection = Connection(Cadre, 'Cadre');
export const PairingConnection = Connection(Pairing, 'Pairing');

export enum UnpairedReason {
  PENDING = 'PENDING',
  NO_CADRE = 'NO_CADRE',
  CAPACITY_EXHAUSTED = 'CAPACITY_EXHAUSTED',
}
registerEnumType(UnpairedReason, {
  name: 'UnpairedReason',
  description: '未结对原因',
  valuesConfig: {
    PENDING: { description: '尚未结对：运行结对即可配上' },
    NO_CADRE: { description: '本村、本乡镇、本旗县都没有结对干部' },
    CAPACITY_EXHAUSTED: { description: '可结对的干部都已联系满上限' },
  },
});

@InputType({ description: '结对干部: name, unit, and the county, township or village the cadre is assigned to' })
export class CadreInput {
  @Field(() => String, { description: '1–50 characters' }) name!: string;
  @Field(() => ID, { description: '单位: a department of the city, or of the county the cadre is assigned in' }) departmentId!: string;
  @Field(() => ID, { description: '联系区域: a COUNTY, TOWNSHIP or VILLAGE within your region' }) regionId!: string;
  @Field(() => ID, { nullable: true, description: "The cadre's account (a VOLUNTEER), which then sees its own households" }) userId?: string | null;
}

@InputType()
export class AddCadresInput {
  @Field(() => [CadreInput], { description: `1–${MAX_CADRES_AT_ONCE} cadres, all registered or none` }) cadres!: CadreInput[];
}

@InputType({ description: '解除结对: the pair and why' })
export class EndPairingInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '1–500 characters: 调整、迁出、干部调离 …' }) reason!: string;
}

@InputType({ description: 'A need the household raised on the visit (诉求): it becomes a draft demand of the township' })
export class VisitNeedInput {
  @Field(() => String, { description: '1–2000 characters, as the household said it' }) need!: string;
  @Field(() => Category, { nullable: true, description: 'The lexicon reads it from the need when not given' }) category?: Category | null;
  @Field(() => [ServiceForm], { nullable: true, description: 'Default 上门指导 (ON_SITE)' }) forms?: ServiceForm[] | null;
}

@InputType({ description: '走访记录: a visit of the pair\'s cadre to its household' })
export class RecordPairVisitInput {
  @Field(() => ID) pairingId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, not after today' }) visitedOn!: string;
  @Field(() => String, { description: '1–2000 characters: what was seen and talked of' }) notes!: string;
  @Field(() => [VisitNeedInput], { nullable: true, description: 'At most 20' }) needs?: VisitNeedInput[] | null;
  @Field(() => ID, { nullable: true, description: 'The campaign whose demand list the needs go on (required with needs)' }) campaignId?: string | null;
}

@InputType()
export class PairingFilter {
  @Field(() => ID, { nullable: true, description: 'A city, county, township or village: its pairs' }) regionId?: string | null;
  @Field(() => ID, { nullable: true }) cadreId?: string | null;
  @Field(() => PairingStatus, { nullable: true, description: 'Default ACTIVE' }) status?: PairingStatus | null;
}

@ObjectType({ description: 'Counts by level: 村级干部, 乡镇干部, 旗县干部' })
export class LevelCounts {
  @Field(() => Int) village!: number;
  @Field(() => Int) township!: number;
  @Field(() => Int) county!: number;
}

@ObjectType({ description: 'A household without a pair, and why' })
export class UnpairedHousehold {
  @Field(() => ID) householdId!: string;
  townshipId!: string;
  villageId!: string | null;
  @Field(() => UnpairedReason) reason!: UnpairedReason;
  @Field(() => Int, { description: 'The cadres of its village, township and county (all full for CAPACITY_EXHAUSTED)' }) eligibleCadres!: number;
  @Field(() => String) summary!: string;
}

@ObjectType({ description: '结对负荷: a region\'s cadres, households and pairs' })
export class PairingSummary {
  region!: Region;
  @Field(() => Int, { description: 'Households a cadre takes at most (PEICAN_PAIRING_CAPACITY)' }) capacity!: number;
  @Field(() => Int, { description: 'Cadres assigned within the region' }) cadres!: number;
  @Field(() => Int) households!: number;
  @Field(() => Int) paired!: number;
  @Field(() => Int) unpaired!: number;
  @Field(() => Int, { description: 'The most households one of its cadres has' }) maxLoad!: number;
  @Field(() => Int, { description: 'Its cadres with no household' }) idleCadres!: number;
  @Field(() => LevelCounts) pairedByLevel!: LevelCounts;
  @Field(() => Int, { description: 'Unpaired that a run would pair now' }) pending!: number;
  @Field(() => Int) noCadre!: number;
  @Field(() => Int) capacityExhausted!: number;
  @Field(() => [UnpairedHousehold], { description: 'The first 200 unpaired, by id' }) unpairedHouseholds!: UnpairedHousehold[];
}

@ObjectType({ description: '一次结对: what a run of a county added (只做加法: the pairs in force kept)' })
export class PairingRun {
  county!: Region;
  @Field(() => Int) capacity!: number;
  @Field(() => Int) cadres!: number;
  @Field(() => Int) households!: number;
  @Field(() => Int, { description: 'Pairs in force before the run, kept' }) kept!: number;
  @Field(() => Int, { description: 'Pairs the run added' }) added!: number;
  @Field(() => LevelCounts) addedByLevel!: LevelCounts;
  @Field(() => Int) unpaired!: number;
  @Field(() => Int) maxLoad!: number;
  @Field(() => Int) idleCadres!: number;
  @Field(() => [Pairing], { description: 'The first 200 new pairs, each with its explanation' }) newPairs!: Pairing[];
  @Field(() => [UnpairedHousehold], { description: 'Every household left unpaired (the first 200), with why' }) unpairedHouseholds!: UnpairedHousehold[];
}

const levels = (r: Record<string, number>): LevelCounts => ({ village: r.VILLAGE ?? 0, township: r.TOWNSHIP ?? 0, county: r.COUNTY ?? 0 });
const unpairedOf = (r: UnpairedRow): UnpairedHousehold => Object.assign(new UnpairedHousehold(), { ...r, reason: r.reason as UnpairedReason });

/** A pair's head of household (户主), for whoever sees the pair, its cadre included: one statement per request. */
const headNames = new WeakMap<Context, DataLoader<string, string | null>>();
function headName(ctx: Context, householdId: string): Promise<string | null> {
  let loader = headNames.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const rows = await ctx.em.find(Household, { id: { $in: [...ids] } }, { fields: ['id', 'headName'] });
      const found = new Map(rows.map((h) => [h.id, h.headName]));
      return ids.map((id) => found.get(id) ?? null);
    });
    headNames.set(ctx, loader);
  }
  return loader.load(householdId);
}

@Resolver(() => PairingSummary)
export class PairingResolver {
  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN, Role.TOWNSHIP_ORGANIZER, Role.VOLUNTEER)
  @Query(() => CadreConnection, { description: '结对干部 you may see, within regionId when given (assigned there or below)' })
  cadres(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return listCadres(ctx, regionId, page);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN, Role.TOWNSHIP_ORGANIZER, Role.VOLUNTEER)
  @Query(() => PairingConnection, { description: '结对 you may see: a township its own, an organization department its region\'s, a cadre its own households' })
  pairings(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => PairingFilter, { nullable: true }) filter?: PairingFilter) {
    return listPairings(ctx, filter ?? {}, page);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN, Role.TOWNSHIP_ORGANIZER)
  @Query(() => PairingSummary, { description: '结对负荷 of a city, county or township: cadres, households, paired, unpaired (with why), the largest load, cadres with none' })
  async pairingSummary(@Ctx() ctx: Context, @Arg('regionId', () => ID) regionId: string): Promise<PairingSummary> {
    const s = await pairingSummary(ctx, regionId);
    const by = s.unpairedByReason as Record<UnpairedStatus, number>;
    return Object.assign(new PairingSummary(), {
      region: s.region, capacity: s.capacity, cadres: s.cadres, households: s.households, paired: s.paired, unpaired: s.unpaired, maxLoad: s.maxLoad, idleCadres: s.idleCadres,
      pairedByLevel: levels(s.pairedByLevel), pending: by.PENDING, noCadre: by.NO_CADRE, capacityExhausted: by.CAPACITY_EXHAUSTED, unpairedHouseholds: s.unpairedShown.map(unpairedOf),
    });
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Mutation(() => [Cadre], { description: '登记结对干部: all or none; the first bad one is named by its index (input.cadres[3].regionId)' })
  addCadres(@Ctx() ctx: Context, @Arg('input', () => AddCadresInput) input: AddCadresInput) {
    return addCadres(ctx, input);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Mutation(() => PairingRun, { description: '结对认亲 for a county: pairs every household not yet paired (village cadres first, then township, then county; at most capacity each; loads balanced); the pairs in force are kept (只做加法)' })
  async runPairing(@Ctx() ctx: Context, @Arg('countyId', () => ID) countyId: string): Promise<PairingRun> {
    const { county, result, shown, places } = await runPairing(ctx, countyId);
    const s = result.stats;
    return Object.assign(new PairingRun(), {
      county, capacity: s.capacity, cadres: s.cadres, households: s.households, kept: s.kept, added: s.added, addedByLevel: levels(s.addedByLevel),
      unpaired: s.unpaired, maxLoad: s.maxLoad, idleCadres: s.idleCadres, newPairs: shown,
      unpairedHouseholds: result.unpaired.slice(0, 200).map((u) => unpairedOf({ ...u, reason: u.reason, ...places.get(u.householdId)! })),
    });
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN, Role.TOWNSHIP_ORGANIZER)
  @Mutation(() => Pairing, { description: '解除结对, with the reason: a pair ends only so (the next run pairs the household again)' })
  endPairing(@Ctx() ctx: Context, @Arg('input', () => EndPairingInput) input: EndPairingInput) {
    return endPairing(ctx, input);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.VOLUNTEER)
  @Mutation(() => PairVisit, { description: '走访记录 of a pair, by its cadre or the township\'s organizer: each need raised becomes a draft demand of the township\'s list' })
  recordPairVisit(@Ctx() ctx: Context, @Arg('input', () => RecordPairVisitInput) input: RecordPairVisitInput) {
    return recordPairVisit(ctx, input);
  }

  @FieldResolver(() => Region)
  region(@Root() s: PairingSummary) {
    return s.region;
  }
}

@Resolver(() => PairingRun)
export class PairingRunResolver {
  @FieldResolver(() => Region)
  county(@Root() r: PairingRun) {
    return r.county;
  }
}

@Resolver(() => UnpairedHousehold)
export class UnpairedHouseholdResolver {
  @FieldResolver(() => Household, { nullable: true, description: 'For those who see households (its township, the organization departments over it)' })
  household(@Root() u: UnpairedHousehold, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Household).load(u.householdId);
  }

  @FieldResolver(() => Region)
  township(@Root() u: UnpairedHousehold, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(u.townshipId);
  }

  @FieldResolver(() => Region, { nullable: true })
  village(@Root() u: UnpairedHousehold, @Ctx() ctx: Context) {
    return u.villageId ? ctx.loaders.byId(Region).load(u.villageId) : null;
  }
}

@Resolver(() => Cadre)
export class CadreResolver {
  @FieldResolver(() => Department, { nullable: true, description: '单位' })
  department(@Root() c: Cadre, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Department).load(c.department.id);
  }

  @FieldResolver(() => Region, { description: '联系区域: the county, township or village it is assigned to' })
  region(@Root() c: Cadre, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(c.region.id);
  }

  @FieldResolver(() => Region)
  county(@Root() c: Cadre, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(c.county.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Its account (a VOLUNTEER), to those who see accounts' })
  user(@Root() c: Cadre, @Ctx() ctx: Context) {
    return c.user ? ctx.loaders.byId(User).load(c.user.id) : null;
  }

  @FieldResolver(() => Int, { description: 'Households paired with it now' })
  load(@Root() c: Cadre, @Ctx() ctx: Context) {
    return ctx.loaders.countBy(Pairing, 'cadre', { status: PairingStatus.ACTIVE }).load(c.id);
  }
}

@Resolver(() => Pairing)
export class PairingFieldsResolver {
  @FieldResolver(() => Household, { nullable: true, description: 'The household (phone and circumstances): for those who see households; null for the cadre and the admin' })
  household(@Root() p: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Household).load(p.household.id);
  }

  @FieldResolver(() => String, { nullable: true, description: '户主: the head of household, for whoever sees the pair (its cadre included)' })
  householdName(@Root() p: Pairing, @Ctx() ctx: Context) {
    return headName(ctx, p.household.id);
  }

  @FieldResolver(() => Cadre, { nullable: true })
  cadre(@Root() p: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Cadre).load(p.cadre.id);
  }

  @FieldResolver(() => Region)
  county(@Root() p: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(p.county.id);
  }

  @FieldResolver(() => Region)
  township(@Root() p: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Region).load(p.township.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  village(@Root() p: Pairing, @Ctx() ctx: Context) {
    return p.village ? ctx.loaders.byId(Region).load(p.village.id) : null;
  }

  @FieldResolver(() => [PairVisit], { description: '走访记录, oldest first' })
  visits(@Root() p: Pairing, @Ctx() ctx: Context) {
    return ctx.loaders.manyBy(PairVisit, 'pairing').load(p.id);
  }
}

@Resolver(() => PairVisit)
export class PairVisitResolver {
  @FieldResolver(() => Pairing, { nullable: true })
  pairing(@Root() v: PairVisit, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Pairing).load(v.pairing.id);
  }

  @FieldResolver(() => Cadre, { nullable: true })
  cadre(@Root() v: PairVisit, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Cadre).load(v.cadre.id);
  }

  @FieldResolver(() => [DemandItem], { description: 'The draft demands its needs became (those you may see)' })
  async demands(@Root() v: PairVisit, @Ctx() ctx: Context) {
    const items = await Promise.all((v.demandItemIds ?? []).map((id) => ctx.loaders.byId(DemandItem).load(id)));
    return items.filter((i): i is DemandItem => i !== null);
  }
}
