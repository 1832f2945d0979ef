import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../common/base.entity';
import { Department } from '../department/department.entity';
import { Region } from '../region/region.entity';
import { User } from '../user/user.entity';

/**
 * 办实事清单 (issue 18, item 6): a department's (or party branch's) own list of what it promises to
 * do this year, each item with a deadline, tracked to done with progress notes. docs/commitments.md.
 */

export enum CommitmentListStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

export enum CommitmentStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}

/** What a progress line records. */
export enum CommitmentNoteAction {
  /** A progress note (推进情况). */
  PROGRESS = 'PROGRESS',
  /** Done, with the completion note (办结情况). */
  DONE = 'DONE',
}

registerEnumType(CommitmentListStatus, {
  name: 'CommitmentListStatus', description: '办实事清单状态',
  valuesConfig: { DRAFT: { description: '草稿（本部门可见、可改）' }, PUBLISHED: { description: '已公布' } },
});
registerEnumType(CommitmentStatus, {
  name: 'CommitmentStatus', description: '办实事事项状态',
  valuesConfig: { PLANNED: { description: '未开始' }, IN_PROGRESS: { description: '推进中' }, DONE: { description: '已办结' } },
});
registerEnumType(CommitmentNoteAction, {
  name: 'CommitmentNoteAction', description: '办实事推进记录',
  valuesConfig: { PROGRESS: { description: '推进情况' }, DONE: { description: '办结' } },
});

/** 办实事清单: one department's list for one year. DRAFT → PUBLISHED. */
@ObjectType({ description: '办实事清单: a department\'s yearly list of promises' })
@Entity({ tableName: 'commitment_list' })
@Unique({ properties: ['department', 'year'] })
export class CommitmentList extends BaseEntity<'status' | 'version' | 'publishedAt'> {
  @ManyToOne({ entity: () => Department, deleteRule: 'restrict' })
  department!: Rel<Department>;

  /** The department's region (the city or a county), kept for the row rule and filters. */
  @ManyToOne({ entity: () => Region, deleteRule: 'restrict' })
  region!: Rel<Region>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field(() => CommitmentListStatus)
  @Enum({ items: () => CommitmentListStatus, type: 'string' })
  status: CommitmentListStatus = CommitmentListStatus.DRAFT;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  publishedAt?: Date | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** 办实事事项: one promise, with a deadline; PLANNED → IN_PROGRESS → DONE. */
@ObjectType({ description: '办实事事项: one promise of a commitment list' })
@Entity({ tableName: 'commitment_item' })
@Index({ properties: ['list', 'status'] })
export class CommitmentItem extends BaseEntity<'status' | 'version' | 'doneAt' | 'completionNote' | 'detail'> {
  @ManyToOne({ entity: () => CommitmentList, deleteRule: 'cascade' })
  list!: Rel<CommitmentList>;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field(() => String, { description: 'What will be done, for whom, how (may be empty)' })
  @Property({ type: 'text' })
  detail: string = '';

  @Field(() => String, { description: '完成时限, YYYY-MM-DD, in the list\'s year' })
  @Property({ type: 'string', length: 10 })
  deadline!: string;

  @Field(() => CommitmentStatus)
  @Enum({ items: () => CommitmentStatus, type: 'string' })
  status: CommitmentStatus = CommitmentStatus.PLANNED;

  @Field(() => Date, { nullable: true, description: 'When it was marked done' })
  @Property({ type: 'Date', nullable: true })
  doneAt?: Date | null;

  @Field(() => String, { nullable: true, description: '办结情况: what was done' })
  @Property({ type: 'text', nullable: true })
  completionNote?: string | null;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** One line of an item's progress (推进记录): who wrote what, when. */
@ObjectType({ description: '办实事推进记录: one progress line of a commitment item' })
@Entity({ tableName: 'commitment_note' })
export class CommitmentNote extends BaseEntity<'author'> {
  @ManyToOne({ entity: () => CommitmentItem, deleteRule: 'cascade' })
  item!: Rel<CommitmentItem>;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  author?: Rel<User> | null;

  /** The author's name as it was when written (the department's account, e.g. 市农牧局联络人). */
  @Field(() => String, { description: 'Who wrote it (the account\'s display name when written)' })
  @Property({ type: 'string', length: 50 })
  authorName!: string;

  @Field(() => CommitmentNoteAction)
  @Enum({ items: () => CommitmentNoteAction, type: 'string' })
  action!: CommitmentNoteAction;

  @Field(() => String)
  @Property({ type: 'text' })
  note!: string;

  @Field(() => Date)
  @Property({ type: 'Date' })
  at!: Date;
}
