import { Field, ID, InputType, Int } from 'type-graphql';
import { Category, DepartmentLevel, ServiceForm, SupplyListStatus } from '../../common/enums';
import { WindowInput } from '../demand/demand.inputs';

@InputType()
export class SupplyListFilter {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => ID, { nullable: true, description: "The department's region (the city or a county)" }) regionId?: string | null;
  @Field(() => ID, { nullable: true }) departmentId?: string | null;
  @Field(() => SupplyListStatus, { nullable: true }) status?: SupplyListStatus | null;
  @Field(() => String, { nullable: true, description: 'Part of the title' }) text?: string | null;
}

@InputType()
export class SupplyItemFilter {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => ID, { nullable: true, description: "The department's region (the city or a county)" }) regionId?: string | null;
  @Field(() => DepartmentLevel, { nullable: true }) level?: DepartmentLevel | null;
  @Field(() => ID, { nullable: true }) departmentId?: string | null;
  @Field(() => ID, { nullable: true }) listId?: string | null;
  @Field(() => Category, { nullable: true }) category?: Category | null;
  @Field(() => String, { nullable: true, description: 'Part of the title or description' }) text?: string | null;
}

@InputType()
export class CreateSupplyListInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => ID, { description: 'A publisher may name only their own department' }) departmentId!: string;
  @Field(() => String, { nullable: true, description: 'Defaults to "<department>供给侧清单"' }) title?: string | null;
}

@InputType()
export class UpdateSupplyListInput {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
}

@InputType({ description: 'A service item with the four clarities: leader, item, forms, contact' })
export class SupplyItemInput {
  @Field(() => Category) category!: Category;
  @Field(() => String, { description: '服务项目, 1–100 characters' }) title!: string;
  @Field(() => String, { description: '1–2000 characters' }) description!: string;
  @Field(() => [ServiceForm], { description: '服务形式, at least one' }) forms!: ServiceForm[];
  @Field(() => String, { description: '责任领导' }) leaderName!: string;
  @Field(() => String, { nullable: true, description: '责任领导职务' }) leaderTitle?: string | null;
  @Field(() => String, { description: '联络人' }) contactName!: string;
  @Field(() => String, { description: '联络人电话: 11-digit mobile or 0478-xxxxxxx' }) contactPhone!: string;
  @Field(() => Int, { description: 'Demands it can serve, 1–10000' }) capacity!: number;
  @Field(() => [ID], { nullable: true, description: 'Regions served (CITY, COUNTY or TOWNSHIP); default: the department\'s region' })
  coverage?: string[] | null;
  @Field(() => WindowInput, { nullable: true }) window?: WindowInput | null;
}

@InputType()
export class AddSupplyItemInput extends SupplyItemInput {
  @Field(() => ID) listId!: string;
}

@InputType()
export class UpdateSupplyItemInput extends SupplyItemInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The item version you read: a change made meanwhile is refused (CONFLICT)' }) version?: number | null;
}

@InputType({ description: 'What may change on a PUBLISHED item: capacity, window and contact; each change is recorded' })
export class AdjustSupplyItemInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The item version you read: a change made meanwhile is refused (CONFLICT)' }) version?: number | null;
  @Field(() => Int, { nullable: true }) capacity?: number | null;
  @Field(() => WindowInput, { nullable: true }) window?: WindowInput | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
  @Field(() => String, { nullable: true, description: 'Why (kept on the record)' }) note?: string | null;
}
