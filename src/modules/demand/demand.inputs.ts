import { Field, ID, InputType, Int } from 'type-graphql';
import { Category, DemandKind, DemandListStatus, DemandSource, DemandStatus, Priority, ServiceForm } from '../../common/enums';

@InputType({ description: 'A time window; both ends or neither, YYYY-MM-DD' })
export class WindowInput {
  @Field(() => String, { nullable: true })
  start?: string | null;

  @Field(() => String, { nullable: true })
  end?: string | null;
}

@InputType()
export class DemandListFilter {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => ID, { nullable: true }) countyId?: string | null;
  @Field(() => ID, { nullable: true }) townshipId?: string | null;
  @Field(() => DemandListStatus, { nullable: true }) status?: DemandListStatus | null;
  @Field(() => String, { nullable: true, description: 'Part of the title' }) text?: string | null;
}

@InputType()
export class DemandItemFilter {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => ID, { nullable: true }) countyId?: string | null;
  @Field(() => ID, { nullable: true }) townshipId?: string | null;
  @Field(() => ID, { nullable: true }) listId?: string | null;
  @Field(() => Category, { nullable: true }) category?: Category | null;
  @Field(() => DemandStatus, { nullable: true }) status?: DemandStatus | null;
  @Field(() => Priority, { nullable: true }) priority?: Priority | null;
  @Field(() => DemandKind, { nullable: true }) kind?: DemandKind | null;
  @Field(() => String, { nullable: true, description: 'Part of the title or content' }) text?: string | null;
}

@InputType()
export class CreateDemandListInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => ID, { description: "The township; an organizer may name only their own" }) townshipId!: string;
  @Field(() => String, { nullable: true, description: 'Defaults to "<township>需求侧清单"' }) title?: string | null;
}

@InputType()
export class UpdateDemandListInput {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
}

@InputType()
export class DemandItemInput {
  @Field(() => Category) category!: Category;
  @Field(() => String, { description: '1–100 characters' }) title!: string;
  @Field(() => String, { description: '1–2000 characters: who needs what, where, how many' }) content!: string;
  @Field(() => [ServiceForm], { description: 'Acceptable forms, at least one' }) forms!: ServiceForm[];
  @Field(() => WindowInput, { nullable: true }) window?: WindowInput | null;
  @Field(() => ID, { nullable: true, description: 'A village of the list\'s township' }) villageId?: string | null;
  @Field(() => Int, { nullable: true, description: '0–1000000' }) beneficiaries?: number | null;
  @Field(() => Priority, { nullable: true, description: 'Default NORMAL' }) priority?: Priority | null;
  @Field(() => DemandKind, { nullable: true, description: 'Default COMMON' }) kind?: DemandKind | null;
  @Field(() => DemandSource, { nullable: true, description: 'Default OTHER' }) source?: DemandSource | null;
}

@InputType()
export class AddDemandItemInput extends DemandItemInput {
  @Field(() => ID) listId!: string;
}

@InputType()
export class UpdateDemandItemInput extends DemandItemInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The item version you read: a change made meanwhile is refused (CONFLICT)' }) version?: number | null;
}
