import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { DepartmentLevel } from '../../common/enums';
import { Region } from '../region/region.entity';

/** 职能部门: a city or county department, belonging to its region. */
@ObjectType({ description: '职能部门' })
@Entity({ tableName: 'department' })
export class Department extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => DepartmentLevel)
  @Enum({ items: () => DepartmentLevel, type: 'string' })
  level!: DepartmentLevel;

  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  region!: Rel<Region>;
}
