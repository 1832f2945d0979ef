import { Field, ID, InputType } from 'type-graphql';
import { RegionLevel } from '../../common/enums';

@InputType()
export class RegionFilter {
  @Field(() => RegionLevel, { nullable: true })
  level?: RegionLevel | null;

  @Field(() => ID, { nullable: true, description: 'Direct children of this region' })
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'This region and everything below it' })
  withinId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name' })
  text?: string | null;
}

@InputType()
export class CreateRegionInput {
  @Field(() => ID, { nullable: true, description: 'The official division code, if known; generated otherwise' })
  id?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => RegionLevel)
  level!: RegionLevel;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;
}

@InputType()
export class UpdateRegionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}
