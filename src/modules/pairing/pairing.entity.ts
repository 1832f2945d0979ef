import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Department } from '../department/department.entity';
import { Household } from '../household/household.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';

/**
 * 结对认亲 (Jiuzhaigou): cadres (干部) of the units, each assigned to a county, township or village;
 * the standing pairs of households with cadres (结对), kept until ended by hand (只做加法、不做减法);
 * and the visits a cadre makes to a paired household (走访记录). The three in one file: they point at
 * one another.
 */

/** The level of a pair: the cadre's assigned region, the household's village, township or county. */
export enum PairLevel {
  VILLAGE = 'VILLAGE',
  TOWNSHIP = 'TOWNSHIP',
  COUNTY = 'COUNTY',
}
registerEnumType(PairLevel, {
  name: 'PairLevel',
  description: '结对层级',
  valuesConfig: { VILLAGE: { description: '村级干部（驻本村）' }, TOWNSHIP: { description: '乡镇干部' }, COUNTY: { description: '旗县干部' } },
});

export enum PairingStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(PairingStatus, { name: 'PairingStatus', description: '结对状态', valuesConfig: { ACTIVE: { description: '结对中' }, ENDED: { description: '已解除（注明原因）' } } });

@ObjectType({ description: '结对干部: a cadre of a unit, assigned to a county, township or village; optionally with a user account (a VOLUNTEER), which then sees its own households' })
@Entity({ tableName: 'cadre' })
@Index({ properties: ['county'] })
@Index({ properties: ['region'] })
export class Cadre extends BaseEntity<'user' | 'pairings'> {
  @Field(() => String)
  @Property({ type: 'string', length: 50 })
  name!: string;

  /** 单位: the department the cadre belongs to. */
  @ManyToOne({ entity: () => Department, deleteRule: 'restrict' })
  department!: Rel<Department>;

  /** 联系区域: the county, township or village the cadre is assigned to. */
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  region!: Rel<Region>;

  @Field(() => PairLevel, { description: 'The level of the assigned region' })
  @Enum({ items: () => PairLevel, type: 'string' })
  level!: PairLevel;

  /** The county of the assigned region: pairs never leave it. */
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  county!: Rel<Region>;

  @ManyToOne({ entity: () => User, nullable: true, unique: true, deleteRule: 'restrict' })
  user?: Rel<User> | null;

  @OneToMany({ entity: () => Pairing, mappedBy: 'cadre' })
  pairings = new Collection<Pairing>(this);
}

@ObjectType({ description: '结对: a household paired with a cadre; ended only by hand, with a reason' })
@Entity({ tableName: 'pairing' })
@Index({ properties: ['county', 'status'] })
@Index({ properties: ['township', 'status'] })
@Index({ properties: ['cadre', 'status'] })
@Index({ properties: ['household'] })
export class Pairing extends BaseEntity<'village' | 'status' | 'startedBy' | 'endedAt' | 'endReason' | 'endedBy'> {
  @ManyToOne({ entity: () => Household, deleteRule: 'restrict' })
  household!: Rel<Household>;

  @ManyToOne({ entity: () => Cadre, deleteRule: 'restrict' })
  cadre!: Rel<Cadre>;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  county!: Rel<Region>;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  township!: Rel<Region>;

  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  village?: Rel<Region> | null;

  @Field(() => PairLevel, { description: '村级干部 / 乡镇干部 / 旗县干部: where the cadre came from for this household' })
  @Enum({ items: () => PairLevel, type: 'string' })
  level!: PairLevel;

  @Field(() => PairingStatus)
  @Enum({ items: () => PairingStatus, type: 'string' })
  status: PairingStatus = PairingStatus.ACTIVE;

  @Field(() => String, { description: 'Why this cadre (the level, the ones passed over, the load after the run)' })
  @Property({ type: 'text' })
  explanation!: string;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'restrict' })
  startedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  endedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the pair was ended (调整、干部调离 …)' })
  @Property({ type: 'text', nullable: true })
  endReason?: string | null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'restrict' })
  endedBy?: Rel<User> | null;
}

@ObjectType({ description: '走访记录: a visit of a cadre to a paired household; each need raised became a draft demand of the township' })
@Entity({ tableName: 'pair_visit' })
@Index({ properties: ['pairing'] })
@Index({ properties: ['township'] })
export class PairVisit extends BaseEntity<'recordedBy'> {
  @ManyToOne({ entity: () => Pairing, deleteRule: 'restrict' })
  pairing!: Rel<Pairing>;

  @ManyToOne({ entity: () => Household, deleteRule: 'restrict' })
  household!: Rel<Household>;

  @ManyToOne({ entity: () => Cadre, deleteRule: 'restrict' })
  cadre!: Rel<Cadre>;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  township!: Rel<Region>;

  @Field(() => String, { description: '走访日期 (YYYY-MM-DD)' })
  @Property({ type: 'string', length: 10 })
  visitedOn!: string;

  @Field(() => String, { description: '走访情况' })
  @Property({ type: 'text' })
  notes!: string;

  @Field(() => [String], { description: '反映的诉求, each now a draft demand of the township (demands)' })
  @Property({ type: 'json' })
  needs!: string[];

  @Property({ type: 'json' })
  demandItemIds!: string[];

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'restrict' })
  recordedBy?: Rel<User> | null;
}
