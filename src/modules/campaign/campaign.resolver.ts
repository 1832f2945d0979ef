import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/enums';
import { Connection, PageArgs } from '../../common/pagination';
import { Campaign } from './campaign.entity';
import { CampaignFilter, CampaignInput, UpdateCampaignInput } from './campaign.inputs';
import * as campaigns from './campaign.service';

export const CampaignConnection = Connection(Campaign, 'Campaign');

@Resolver(() => Campaign)
export class CampaignResolver {
  @Authorized()
  @Query(() => CampaignConnection)
  campaigns(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CampaignFilter, { nullable: true }) filter?: CampaignFilter,
  ) {
    return campaigns.listCampaigns(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => Campaign)
  campaign(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Campaign> {
    return campaigns.getCampaign(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Campaign)
  createCampaign(@Ctx() ctx: Context, @Arg('input', () => CampaignInput) input: CampaignInput) {
    return campaigns.createCampaign(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Campaign)
  updateCampaign(@Ctx() ctx: Context, @Arg('input', () => UpdateCampaignInput) input: UpdateCampaignInput) {
    return campaigns.updateCampaign(ctx, input);
  }
}
