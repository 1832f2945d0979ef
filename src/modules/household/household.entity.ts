import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Region } from '../region/region.entity';

/**
 * 农户: a household met on a visit (入户走访), from the survey form (调查摸底表). Personal data: the
 * head's name, the phone and the family's circumstances are read by the township's organizer and the
 * organization departments over it only (scope.ts), never by departments or the public.
 */
@ObjectType({ description: '农户（入户走访）: personal data, read by its township and the organization departments over it' })
@Entity({ tableName: 'household' })
@Unique({ properties: ['township', 'importKey'] })
@Index({ properties: ['township'] })
export class Household extends BaseEntity<'village' | 'phone' | 'visitor' | 'visitedOn' | 'population'> {
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  township!: Rel<Region>;

  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  village?: Rel<Region> | null;

  @Field(() => String, { description: '户主' })
  @Property({ type: 'string', length: 50 })
  headName!: string;

  @Field(() => Int, { description: '家庭人口' })
  @Property({ type: 'integer' })
  population: number = 0;

  @Field(() => [String], { description: '家庭情况: 独居老人, 残疾, 低保户, 留守儿童, 脱贫监测户 …' })
  @Property({ type: 'json' })
  tags!: string[];

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 30, nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: '走访人' })
  @Property({ type: 'string', length: 50, nullable: true })
  visitor?: string | null;

  @Field(() => String, { nullable: true, description: '走访日期 (YYYY-MM-DD)' })
  @Property({ type: 'string', length: 10, nullable: true })
  visitedOn?: string | null;

  /** The household's key in the survey files: its village and head (a re-import finds it). */
  @Property({ type: 'string', length: 80 })
  importKey!: string;
}
