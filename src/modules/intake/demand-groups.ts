import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { CATEGORY_NAMES, DemandStatus, RegionLevel, Role, type Category } from '../../common/enums';
import { badInput, forbidden, notFound } from '../../common/errors';
import { findDuplicates, type DemandGroup as EngineGroup } from '../../engine';
import { getCampaign } from '../campaign/campaign.service';
import { DemandItem } from '../demand/demand-item.entity';
import { DemandList } from '../demand/demand-list.entity';
import { configuredLexicon } from '../matching/lexicon-files';
import { Region } from '../region/region.entity';
import { keepApart, mergeCommonNeed, mergeDuplicates, pairsKeptApart } from './demand-merge';

/**
 * Near-duplicates and common needs (issue 17, item 3), read over the API: a township organizer sees
 * the needs of her own list entered twice; an organization department (or admin) those of its region
 * and the common needs of its counties. The grouping is the engine's (src/engine/duplicates.ts).
 */

@ObjectType({ description: 'One demand of a group, and how like the group it is' })
export class DemandGroupMember {
  @Field(() => ID) demandItemId!: string;
  @Field(() => Float, { description: 'Similarity to the group\'s representative, 0..1 (1 for the representative)' }) similarity!: number;
}

@ObjectType({ description: '重复需求 / 共性问题: demands that say the same thing' })
export class DemandGroup {
  @Field(() => String, { description: 'DUPLICATE: the same need entered twice in one township; COMMON: the same need from several places of one county' }) kind!: string;
  @Field(() => ID, { description: 'The township (DUPLICATE) or county (COMMON)' }) regionId!: string;
  @Field(() => String) category!: string;
  @Field(() => String) categoryName!: string;
  @Field(() => Float, { description: 'Mean similarity of the members to the representative' }) similarity!: number;
  @Field(() => [String], { description: 'Concepts, then words, most members share' }) shared!: string[];
  @Field(() => String, { description: 'A title for the merged demand' }) suggestedTitle!: string;
  @Field(() => Int, { description: 'Villages (or townships) it comes from' }) places!: number;
  @Field(() => Int, { description: "The members' beneficiaries summed" }) beneficiaries!: number;
  @Field(() => [DemandGroupMember]) members!: DemandGroupMember[];
}

@ObjectType()
export class DemandGroups {
  @Field(() => [DemandGroup]) duplicates!: DemandGroup[];
  @Field(() => [DemandGroup], { description: 'Common needs (organization departments; empty for a township)' }) common!: DemandGroup[];
}

const toGroup = (g: EngineGroup): DemandGroup => ({
  kind: g.kind, regionId: g.scopeId, category: g.category, categoryName: CATEGORY_NAMES[g.category as Category] ?? g.category,
  similarity: Math.round(g.similarity * 1000) / 1000, shared: g.shared, suggestedTitle: g.suggestedTitle, places: g.places.length,
  beneficiaries: g.beneficiaries, members: g.members.map((m) => ({ demandItemId: m.id, similarity: Math.round(m.similarity * 1000) / 1000 })),
});

export async function demandGroups(ctx: Context, campaignId: string, regionId?: string | null): Promise<DemandGroups> {
  const viewer = ctx.viewer!;
  const campaign = await getCampaign(ctx, campaignId, 'campaignId');
  const township = viewer.role === Role.TOWNSHIP_ORGANIZER;
  if (!township && viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) {
    throw forbidden(`Duplicates are for the township's organizer and the organization departments; you are ${viewer.role}`);
  }
  const id = township ? viewer.regionId : regionId ?? viewer.regionId;
  const region = id ? await ctx.em.findOne(Region, { id }) : null;
  if (id && !region) throw notFound('Region', id, 'regionId');
  if (township && regionId && regionId !== viewer.regionId) throw forbidden('You see the duplicates of your own township only', 'regionId');
  if (region && !township && viewer.role === Role.ORGANIZATION_DEPARTMENT && !region.path.startsWith(viewer.regionPath ?? '\u0000')) {
    throw forbidden(`You may read only your own region (${viewer.regionId})`, 'regionId');
  }
  if (region && region.level === RegionLevel.VILLAGE) throw badInput('regionId', 'Name a city, a county or a township', ['CITY', 'COUNTY', 'TOWNSHIP']);
  const items = await ctx.em.find(DemandItem, {
    campaign, status: { $ne: DemandStatus.WITHDRAWN }, ...(region ? { township: { path: { $like: `${region.path}%` } } } : {}),
  }, { orderBy: { id: 'asc' } });
  const places = await ctx.em.find(Region, region ? { path: { $like: `${region.path}%` } } : {});
  const report = findDuplicates(items.map((d) => ({
    id: d.id, townshipId: d.township.id, countyId: d.county.id, villageId: d.village?.id ?? null, category: d.category, title: d.title, content: d.content, beneficiaries: d.beneficiaries,
  })), { lexicon: configuredLexicon(ctx.config), placeNames: places.map((p) => p.name), apart: await pairsKeptApart(ctx.em, campaign.id) });
  return { duplicates: report.duplicates.map(toGroup), common: township ? [] : report.common.map(toGroup) };
}

/** 可能重复: the near-duplicates of a list's township with a member on the list, as flagged on its submission or import. */
export async function duplicatesOfList(ctx: Context, list: DemandList): Promise<DemandGroup[]> {
  const viewer = ctx.viewer!;
  if (viewer.role !== Role.TOWNSHIP_ORGANIZER && viewer.role !== Role.ORGANIZATION_DEPARTMENT && viewer.role !== Role.ADMIN) return [];
  const onList = new Set((await ctx.em.find(DemandItem, { list }, { fields: ['id'] })).map((d) => d.id));
  const { duplicates } = await demandGroups(ctx, list.campaign.id, list.township.id);
  return duplicates.filter((g) => g.members.some((m) => onList.has(m.demandItemId)));
}

@InputType({ description: '合并共性问题: the demands of one county and category that are one need' })
export class MergeCommonNeedInput {
  @Field(() => [ID], { description: 'The demands to merge (2 or more, submitted, not yet placed or waiting at the desk)' }) demandItemIds!: string[];
  @Field(() => String, { nullable: true, description: "The common demand's title (default: the first member's)" }) title?: string;
}

@Resolver(() => DemandGroupMember)
export class DemandGroupResolver {
  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Query(() => DemandGroups, { description: "重复需求与共性问题: a campaign's near-duplicates in a township (yours, for an organizer) and, for organization departments, the common needs of a region's counties (default: your region)" })
  demandGroups(@Ctx() ctx: Context, @Arg('campaignId', () => ID) campaignId: string, @Arg('regionId', () => ID, { nullable: true }) regionId?: string) {
    return demandGroups(ctx, campaignId, regionId);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER)
  @Mutation(() => DemandItem, { description: '合并重复: keep one demand of your township and merge its duplicates into it (each WITHDRAWN, linked to it; the larger beneficiary count stands). Returns the one kept' })
  mergeDuplicates(@Ctx() ctx: Context, @Arg('keepId', () => ID) keepId: string, @Arg('duplicateIds', () => [ID]) duplicateIds: string[]) {
    return mergeDuplicates(ctx, keepId, duplicateIds);
  }

  @Authorized(Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Mutation(() => DemandItem, { description: '合并共性问题: one COMMON demand for a need several villages of a county raised, beneficiaries summed, SUBMITTED for the next run; the members WITHDRAWN and linked to it (their townships follow it)' })
  mergeCommonNeed(@Ctx() ctx: Context, @Arg('input', () => MergeCommonNeedInput) input: MergeCommonNeedInput) {
    return mergeCommonNeed(ctx, input);
  }

  @Authorized(Role.TOWNSHIP_ORGANIZER, Role.ORGANIZATION_DEPARTMENT, Role.ADMIN)
  @Mutation(() => [ID], { description: '保留: these demands are not the same need (not duplicates, not one common need): they are never grouped together again. Returns their ids' })
  keepDemandsApart(@Ctx() ctx: Context, @Arg('demandItemIds', () => [ID]) demandItemIds: string[]) {
    return keepApart(ctx, demandItemIds);
  }

  @FieldResolver(() => DemandItem)
  demandItem(@Root() member: DemandGroupMember, @Ctx() ctx: Context) {
    return ctx.loaders.byId(DemandItem).load(member.demandItemId);
  }
}

@Resolver(() => DemandList)
export class DemandListGroupsResolver {
  @FieldResolver(() => [DemandGroup], { description: "可能重复: near-duplicates in the list's township with a member on this list, for its organizer to merge (mergeDuplicates) or keep (keepDemandsApart); read it after submitDemandList or an import. Empty for a department" })
  duplicates(@Root() list: DemandList, @Ctx() ctx: Context) {
    return duplicatesOfList(ctx, list);
  }
}
