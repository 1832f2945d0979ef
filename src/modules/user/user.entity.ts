import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Role } from '../../common/enums';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';

/**
 * A person who signs in. Scope: a township organizer's region is its township; an organization
 * department's is its city or county; a department publisher's is its department.
 */
@ObjectType({ description: '用户' })
@Entity({ tableName: 'app_user' })
export class User extends BaseEntity<'active' | 'tokenVersion'> {
  @Field(() => String)
  @Property({ type: 'string', length: 64, unique: true })
  username!: string;

  @Property({ type: 'string', length: 200, hidden: true, lazy: true })
  passwordHash!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  displayName!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, type: 'string' })
  role!: Role;

  @ManyToOne({ entity: () => Region, nullable: true, deleteRule: 'restrict' })
  region?: Rel<Region> | null;

  @ManyToOne({ entity: () => Department, nullable: true, deleteRule: 'restrict' })
  department?: Rel<Department> | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  active: boolean = true;

  /**
   * The generation of the user's tokens: every token carries the one it was signed under, and a
   * request is signed in only while it is still the row's. A password change, a reset, a
   * deactivation or a logout moves it on, which ends every token signed before.
   */
  @Property({ type: 'integer', default: 0, hidden: true })
  tokenVersion: number = 0;
}
