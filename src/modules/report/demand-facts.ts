import type { EntityManager, EventSubscriber, FlushEventArgs, Transaction, TransactionEventArgs } from '@mikro-orm/core';
import { AssignmentStatus, DemandStatus, EscalationReason, LIVE_ASSIGNMENT, SATISFIED_RATINGS } from '../../common/enums';
import { daysBetween, isSqlite, quoted } from '../../common/dialect';
import { DemandItem } from '../demand/demand-item.entity';
import { Assignment } from '../matching/assignment.entity';
import { Escalation } from '../matching/escalation.entity';
import { Feedback } from '../workflow/feedback.entity';

/**
 * Demand facts (table demand_fact): one row per submitted demand with what the match report
 * counts about it, kept up to date in the transaction of every move, so that a report reads one
 * narrow table through its indexes instead of joining a demand, its list, its live assignment,
 * its latest escalation and its latest rating for each of 100,000 demands on every call.
 *
 * A row is always rebuilt whole from those rows (never patched by deltas), by one statement for
 * any set of demands: the demands a flush touched (the subscriber below), the demands a matching
 * run placed or escalated (its bulk writes go past the unit of work), or every demand (the
 * migration that made the table). The figures that move with the clock or the configuration
 * (overdue, accepted in time) are not stored: the row keeps what they are computed from.
 */

const REASONS = Object.values(EscalationReason);

/** The figures a demand counts 0 or 1 times, stored as the bits of its row's state, in this order (see FIGURES in figures.ts). */
export const STORED_FIGURES = ['demands', 'escalated', ...REASONS.map((r) => `r_${r.toLowerCase()}`), 'placed_county', 'placed_city', 'placed_manual',
  'accepted', 'completed', 'closed', 'dispatched', 'rated', 'satisfied', 'resolved'];

/** The columns of a row after the demand's id: first those fixed once its list is submitted (read-only from then on), then those that move. */
const FIXED = ['campaign_id', 'county_id', 'township_id', 'category'];
export const MOVING_COLUMNS = ['department_id', 'state', 'assignment_status', 'dispatched_at', 'accepted_at', 'committed_date', 'reopened_at', 'to_accept', 'to_complete',
  'leader_due_date'];

/**
 * Which demands to rebuild. Drafts never have facts, and a demand never goes back to being one
 * (a submitted list is read-only); a demand deleted takes its facts with it (foreign key).
 */
export type FactScope = { demandIds: string[] } | { runId: string } | { campaignId: string } | 'all';

/** How each stored figure follows from the demand (di), its live assignment (la), latest escalation reason and latest rating. */
function figureSql(figure: string): string {
  const reason = REASONS.find((r) => figure === `r_${r.toLowerCase()}`);
  if (reason) return `di.latest_reason = '${reason}'`;
  const conditions: Record<string, string> = {
    demands: '1 = 1', escalated: 'di.latest_reason is not null',
    placed_county: "la.tier = 'COUNTY'", placed_city: "la.tier = 'CITY'", placed_manual: "la.tier = 'MANUAL'",
    accepted: 'la.accepted_at is not null', completed: `di.status in ('${DemandStatus.COMPLETED}', '${DemandStatus.CLOSED}')`, closed: `di.status = '${DemandStatus.CLOSED}'`,
    // A rating counts until the demand is completed again after it (reopened by a bad one): then a new rating is awaited.
    dispatched: 'la.dispatched_at is not null', rated: `di.latest_rating is not null and di.status <> '${DemandStatus.COMPLETED}'`, satisfied: `di.latest_rating in (${quoted(SATISFIED_RATINGS)})`,
    resolved: `la.status in ('${AssignmentStatus.COMPLETED}', '${AssignmentStatus.CLOSED}')`,
  };
  return conditions[figure];
}

/** The statement that rebuilds the rows of the demands the condition (on alias d) picks; the parameters are the condition's. */
export function refreshSql(sqlite: boolean, condition: string): string {
  const state = STORED_FIGURES.map((f, bit) => `(case when ${figureSql(f)} then ${1 << bit} else 0 end)`).join(' + ');
  // The latest row is the one with the highest id, found by max() over the demand's own rows: with "order by id desc limit 1",
  // PostgreSQL's planner, its statistics taken before a run's bulk writes, walked the whole table backwards for each demand.
  const latest = (table: string, column: string) => `(select x.${column} from ${table} x where x.id = (select max(y.id) from ${table} y where y.demand_item_id = d.id))`;
  // The latest escalation and rating are looked up once per demand (materialized), not once per figure that reads them.
  return `with di as materialized (
      select d.id, d.list_id, d.campaign_id, d.county_id, d.township_id, d.category, d.status, d.submitted_at,
        ${latest('escalation', 'reason')} as latest_reason, ${latest('feedback', 'rating')} as latest_rating,
        case when d.status = '${DemandStatus.LEADERSHIP}' then ${latest('escalation', 'leader_due_date')} end as leader_due_date
      from demand_item d where d.status <> '${DemandStatus.DRAFT}' and ${condition}
    )
    insert into demand_fact (demand_item_id, ${[...FIXED, ...MOVING_COLUMNS].join(', ')})
    select di.id, di.campaign_id, di.county_id, di.township_id, di.category, coalesce(la.department_id, 'NONE'), ${state},
      la.status, la.dispatched_at, la.accepted_at, la.committed_date, la.reopened_at,
      ${daysBetween(sqlite, 'la.accepted_at', 'coalesce(di.submitted_at, dl.submitted_at)')}, ${daysBetween(sqlite, 'la.completed_at', 'coalesce(di.submitted_at, dl.submitted_at)')}, di.leader_due_date
    from di cross join demand_list dl left join assignment la on la.demand_item_id = di.id and la.status in (${quoted(LIVE_ASSIGNMENT)})
    where dl.id = di.list_id
    on conflict (demand_item_id) do update set ${MOVING_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

/**
 * The facts' indexes: by campaign and county (a report's scope), and on SQLite, for each group key
 * and duration, (campaign, key, days) over the facts that have that duration, which give SQLite
 * its medians in order without a sort. Partial, they cost a matching run's writes nothing (a
 * demand it places has no durations yet); PostgreSQL sorts for its percentiles and needs none.
 */
export function factIndexes(sqlite: boolean): string[] {
  const q = (name: string) => (sqlite ? `\`${name}\`` : `"${name}"`);
  const indexes = [`create index ${q('demand_fact_campaign_id_county_id_index')} on ${q('demand_fact')} (${q('campaign_id')}, ${q('county_id')});`];
  if (!sqlite) return indexes;
  for (const days of ['to_accept', 'to_complete']) {
    for (const key of ['county_id', 'township_id', 'department_id', 'category', null]) {
      const columns = ['campaign_id', ...(key ? [key] : []), days];
      indexes.push(`create index ${q(`demand_fact_${columns.join('_')}_index`)} on ${q('demand_fact')} (${columns.map(q).join(', ')}) where ${q(days)} is not null;`);
    }
  }
  return indexes;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const CHUNK = 500;

/** Rebuilds the facts of the demands in scope, in the transaction given (or none). */
export async function refreshFacts(em: EntityManager, scope: FactScope, trx: Transaction | undefined = em.getTransactionContext()): Promise<void> {
  const sqlite = isSqlite(em);
  const run = (sql: string, params: unknown[]) => em.getConnection().execute(sql, params, 'run', trx);
  if (scope === 'all') return void (await run(refreshSql(sqlite, '1 = 1'), []));
  if ('runId' in scope) {
    const picked = 'd.id in (select demand_item_id from assignment where run_id = ? union select demand_item_id from escalation where last_run_id = ?)';
    return void (await run(refreshSql(sqlite, picked), [scope.runId, scope.runId]));
  }
  if ('campaignId' in scope) return void (await run(refreshSql(sqlite, 'd.campaign_id = ?'), [scope.campaignId]));
  for (let i = 0; i < scope.demandIds.length; i += CHUNK) {
    const chunk = scope.demandIds.slice(i, i + CHUNK);
    await run(refreshSql(sqlite, `d.id in (${placeholders(chunk.length)})`), chunk);
  }
}

/** Every demand's facts built again from scratch, in one transaction; gives how many there are. */
export async function rebuildFacts(rootEm: EntityManager): Promise<number> {
  return rootEm.fork().transactional(async (em) => {
    const run = (sql: string, method: 'run' | 'all' = 'run') => em.getConnection().execute(sql, [], method, em.getTransactionContext());
    await run('delete from demand_fact');
    await refreshFacts(em, 'all');
    const [row] = await run('select count(*) as n from demand_fact', 'all');
    return Number(row.n);
  });
}

/**
 * Keeps the facts of every demand a flush touched up to date, in the flush's transaction: the
 * demands whose item, assignments, escalations or ratings changed have their rows rebuilt after
 * the flush's writes and before anything commits. (A list changes the facts only when it is
 * submitted, and that flush changes each of its items too.) A flush inside a transaction rebuilds
 * them at once (afterFlush, still in that transaction); a flush that opens its own transaction
 * rebuilds them just before that one commits (afterFlush would come after the commit).
 */
export class DemandFactsSubscriber implements EventSubscriber {
  private readonly touched = new WeakMap<EntityManager, Set<string>>();

  onFlush({ em, uow }: FlushEventArgs): void {
    for (const change of uow.getChangeSets()) {
      const entity = change.entity;
      const demandId = entity instanceof DemandItem ? entity.id
        : entity instanceof Assignment || entity instanceof Escalation || entity instanceof Feedback ? entity.demandItem.id
        : undefined;
      if (!demandId) continue;
      const touched = this.touched.get(em) ?? new Set<string>();
      this.touched.set(em, touched);
      touched.add(demandId);
    }
  }

  async afterFlush({ em }: FlushEventArgs): Promise<void> {
    if (em.isInTransaction()) await this.rebuild(em, em.getTransactionContext());
  }

  async beforeTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    await this.rebuild(em, transaction);
  }

  afterTransactionRollback({ em }: TransactionEventArgs): void {
    this.touched.delete(em);
  }

  private async rebuild(em: EntityManager, trx: Transaction | undefined): Promise<void> {
    const touched = this.touched.get(em);
    if (!touched) return;
    this.touched.delete(em);
    await refreshFacts(em, { demandIds: [...touched] }, trx);
  }
}
