import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CampaignFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name' })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'Campaigns running on this day, YYYY-MM-DD' })
  activeOn?: string | null;
}

@InputType()
export class CampaignInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  startsOn!: string;

  @Field(() => String, { description: 'YYYY-MM-DD, not before startsOn' })
  endsOn!: string;
}

@InputType()
export class UpdateCampaignInput extends CampaignInput {
  @Field(() => ID)
  id!: string;
}
