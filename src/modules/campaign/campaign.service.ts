import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { notFound } from '../../common/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import { likeText } from '../../common/text-filter';
import * as v from '../../common/validate';
import { Campaign } from './campaign.entity';
import type { CampaignFilter, CampaignInput, UpdateCampaignInput } from './campaign.inputs';

export async function getCampaign(ctx: Context, id: string, field = 'id'): Promise<Campaign> {
  const campaign = await ctx.loaders.byId(Campaign).load(id);
  if (!campaign) throw notFound('Campaign', id, field);
  return campaign;
}

export function listCampaigns(ctx: Context, filter: CampaignFilter = {}, page: PageArgs = {}) {
  const where: FilterQuery<Campaign> = {};
  if (filter.text) where.name = likeText(filter.text);
  if (filter.activeOn) {
    const day = v.date('filter.activeOn', filter.activeOn);
    where.startsOn = { $lte: day };
    where.endsOn = { $gte: day };
  }
  return paginate(ctx, Campaign, where, page);
}

function checked(input: CampaignInput) {
  const name = v.text('input.name', input.name, 200);
  const { start, end } = v.window('input', { start: input.startsOn, end: input.endsOn });
  return { name, startsOn: start!, endsOn: end! };
}

export async function createCampaign(ctx: Context, input: CampaignInput): Promise<Campaign> {
  const campaign = ctx.em.create(Campaign, checked(input));
  await ctx.em.flush();
  return campaign;
}

export async function updateCampaign(ctx: Context, input: UpdateCampaignInput): Promise<Campaign> {
  const campaign = await getCampaign(ctx, input.id);
  Object.assign(campaign, checked(input));
  await ctx.em.flush();
  return campaign;
}
