import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context';
import type { DemandItem } from '../demand/demand-item.entity';
import type { SupplyItem } from '../supply/supply-item.entity';
import { Event } from './event.entity';

export interface EventInput {
  demandItem?: DemandItem;
  supplyItem?: SupplyItem;
  action: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  /** A line of the system's (the engine re-placing a declined demand), not of the signed-in user. */
  bySystem?: boolean;
}

/** One timeline line, by the signed-in user, at the clock's time; written with the caller's flush. */
export function recordEvent(em: EntityManager, ctx: Context, input: EventInput): Event {
  return em.create(Event, {
    demandItem: input.demandItem ?? null,
    supplyItem: input.supplyItem ?? null,
    actor: input.bySystem ? null : (ctx.viewer?.userId ?? null),
    actorRole: input.bySystem ? null : (ctx.viewer?.role ?? null),
    action: input.action,
    fromStatus: input.from ?? null,
    toStatus: input.to ?? null,
    note: input.note ?? null,
    data: input.data ?? null,
    at: ctx.clock.now(),
  });
}
