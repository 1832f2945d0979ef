import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/core';
import { MOVING_COLUMNS } from '../src/modules/report/demand-facts';

/**
 * The floor under a run's persist: the very rows a run wrote, written again by the database
 * itself from copies already inside it, with no client, no values to send and no JavaScript.
 * What persist takes beyond this is ours; this much is the database's own work for the rows the
 * data model asks of a run (an assignment, a timeline event and a new state per placed demand;
 * an escalation, its event and a new state per escalated one; the demand's facts, rewritten).
 * Works on SQLite and PostgreSQL.
 */

const TABLES = ['floor_assignment', 'floor_escalation', 'floor_event', 'floor_fact'];

export interface Floor {
  totalMs: number;
  /** Per step (assignments, events, demands, escalations with their demands' state, facts), and the commit. */
  phases: Record<string, number>;
}

export async function persistFloor(rootEm: EntityManager, runId: string): Promise<Floor> {
  const exec = (em: EntityManager, sql: string, params: unknown[] = []) => em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
  // Copy out what the run wrote, then take it back out: the demands return to SUBMITTED (as
  // before the run; their versions too), the run's own row stays for the foreign keys.
  await rootEm.fork().transactional(async (em) => {
    for (const t of TABLES) await exec(em, `drop table if exists ${t}`);
    await exec(em, 'create table floor_assignment as select * from assignment where run_id = ?', [runId]);
    await exec(em, 'create table floor_escalation as select * from escalation where run_id = ?', [runId]);
    await exec(em, `create table floor_event as select * from event where id in (select id || 'm' from floor_assignment)
      or (action = 'ESCALATED' and demand_item_id in (select demand_item_id from floor_escalation))`);
    await exec(em, 'delete from event where id in (select id from floor_event)');
    await exec(em, 'delete from assignment where run_id = ?', [runId]);
    await exec(em, 'delete from escalation where run_id = ?', [runId]);
    await exec(em, `update demand_item set status = 'SUBMITTED', version = version - 1
      where id in (select demand_item_id from floor_assignment union all select demand_item_id from floor_escalation)`);
    // The facts as the run found them: submitted, nothing else.
    await exec(em, `create table floor_fact as select * from demand_fact
      where demand_item_id in (select demand_item_id from floor_assignment union all select demand_item_id from floor_escalation)`);
    const unset = MOVING_COLUMNS.filter((c) => c !== 'department_id' && c !== 'state');
    await exec(em, `update demand_fact set department_id = 'NONE', state = 1, ${unset.map((c) => `${c} = null`).join(', ')}
      where demand_item_id in (select demand_item_id from floor_fact)`);
  });
  await exec(rootEm, 'analyze');
  const phases: Record<string, number> = {};
  let lap = performance.now();
  const step = async (name: string, run: () => Promise<unknown>) => {
    await run();
    phases[name] = performance.now() - lap;
    lap = performance.now();
  };
  const began = performance.now();
  await rootEm.fork().transactional(async (em) => {
    await step('assignments', () => exec(em, 'insert into assignment select * from floor_assignment'));
    await step('events', () => exec(em, 'insert into event select * from floor_event'));
    await step('demands', () => exec(em, `update demand_item set status = 'MATCHED', updated_at = (select max(updated_at) from floor_assignment),
      version = version + 1 where id in (select demand_item_id from floor_assignment)`));
    await step('escalations', async () => {
      await exec(em, 'insert into escalation select * from floor_escalation');
      await exec(em, `update demand_item set status = 'ESCALATED', version = version + 1 where id in (select demand_item_id from floor_escalation)`);
    });
    await step('facts', () => exec(em, `update demand_fact set ${MOVING_COLUMNS.map((c) => `${c} = c.${c}`).join(', ')}
      from floor_fact c where c.demand_item_id = demand_fact.demand_item_id`));
    lap = performance.now();
  });
  phases.commit = performance.now() - lap;
  const totalMs = performance.now() - began;
  await rootEm.fork().transactional(async (em) => {
    for (const t of TABLES) await exec(em, `drop table if exists ${t}`);
  });
  return { totalMs, phases };
}
