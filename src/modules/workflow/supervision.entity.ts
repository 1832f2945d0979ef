import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { DemandItem } from '../demand/demand-item.entity';
import { Department } from '../department/department.entity';
import { Assignment } from '../matching/assignment.entity';
import { User } from '../user/user.entity';

/** 督办: the organization department's formal chase of a late or stuck item, shown to the department and counted in its scorecard. */
@ObjectType({ description: '督办' })
@Entity({ tableName: 'supervision' })
export class Supervision extends BaseEntity<'assignment' | 'department' | 'by'> {
  @ManyToOne({ entity: () => DemandItem, deleteRule: 'cascade' })
  demandItem!: Rel<DemandItem>;

  /** The live assignment at the time, if any. */
  @ManyToOne({ entity: () => Assignment, nullable: true, deleteRule: 'set null' })
  assignment?: Rel<Assignment> | null;

  /** The department chased, if the item had one. */
  @ManyToOne({ entity: () => Department, nullable: true, deleteRule: 'set null' })
  department?: Rel<Department> | null;

  @Field(() => String)
  @Property({ type: 'text' })
  note!: string;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  by?: Rel<User> | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  at!: Date;
}
