import { Field, ID, InputType } from 'type-graphql';
import { DepartmentLevel } from '../../common/enums';

@InputType()
export class DepartmentFilter {
  @Field(() => DepartmentLevel, { nullable: true })
  level?: DepartmentLevel | null;

  @Field(() => ID, { nullable: true, description: "The department's own region (the city or a county)" })
  regionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name' })
  text?: string | null;
}

@InputType()
export class CreateDepartmentInput {
  @Field(() => String)
  name!: string;

  @Field(() => ID, { description: 'The city or county the department belongs to; its level follows' })
  regionId!: string;
}

@InputType()
export class UpdateDepartmentInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}
