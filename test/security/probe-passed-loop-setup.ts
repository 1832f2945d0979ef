import { expect } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { startApp, type TestApp } from '../support/app';
import { checkedGql } from './probe';

/**
 * The full demo after a matching run as org-city, at the campaign's own time (committed dates are
 * checked against the clock), for the probe's invalid moves and races. Each case takes a fresh
 * assignment of its own (`pick`), with a login for its department and its township, which the
 * admin creates the first time one is needed (the demo has logins for two of each only).
 */
export const NOW = new Date('2020-01-10T02:00:00Z');
export const TODAY = '2020-01-10';

export const ACCEPT = 'mutation($i: AcceptAssignmentInput!) { acceptAssignment(input: $i) { id status version } }';
export const DECLINE = 'mutation($i: DeclineAssignmentInput!) { declineAssignment(input: $i) { id status version } }';
export const PROGRESS = 'mutation($i: ReportProgressInput!) { reportProgress(input: $i) { id status version } }';
export const COMPLETE = 'mutation($i: CompleteAssignmentInput!) { completeAssignment(input: $i) { id status version } }';
export const RATE = 'mutation($i: RateServiceInput!) { rateService(input: $i) { id status version } }';
export const WITHDRAW = 'mutation($id: ID!, $r: String!) { withdrawDemandItem(id: $id, reason: $r) { id status version } }';
export const ASSIGN = 'mutation($i: AssignByHandInput!) { assignByHand(input: $i) { id status version } }';

export interface Picked {
  demandId: string;
  assignmentId: string;
  /** The assignment's version. */
  version: number;
  departmentId: string;
  townshipId: string;
  /** Tokens of the assignment's department and of the demand's township. */
  dept: string;
  town: string;
}

export interface LoopWorld {
  app: TestApp;
  gql: ReturnType<typeof checkedGql>;
  admin: string;
  org: string;
  /** Signs a demo user in (at the real time: a token signed at the campaign's time would have expired). */
  login(username: string): Promise<string>;
  /** A MATCHED assignment no other case has taken. */
  pick(): Promise<Picked>;
  /** The demand item's status and version, as its township reads them. */
  item(p: Picked): Promise<{ status: string; version: number }>;
  /** Accepts, and completes if asked; returns the assignment's version after. */
  walk(p: Picked, to: 'ACCEPTED' | 'COMPLETED' | 'CLOSED'): Promise<number>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** How many timeline events of the action the demand item has, in the database. */
  events(demandId: string, action: string): Promise<number>;
}

const ok = (r: { data?: any; errors?: any[] }, what: string) => {
  expect(r.errors, what).toBeUndefined();
  return r.data;
};

export async function loopWorld(): Promise<LoopWorld> {
  const app = await startApp(readDemoData());
  const gql = checkedGql(app);
  const admin = await app.login('admin');
  const org = await app.login('org-city');
  app.clock.set(NOW);
  /** Tokens are checked against the real time: sign in with the clock at it, then put the campaign's time back. */
  const atRealTime = async <T,>(fn: () => Promise<T>): Promise<T> => {
    app.clock.set(new Date());
    try {
      return await fn();
    } finally {
      app.clock.set(NOW);
    }
  };
  ok(await gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org), 'runMatching');

  const tokens = new Map<string, Promise<string>>();
  /** A login for a department or a township, created by the admin the first time it is asked for. */
  const loginFor = (kind: 'dept' | 'town', id: string) => {
    const key = `${kind}:${id}`;
    if (!tokens.has(key)) {
      tokens.set(key, (async () => {
        const username = `probe-${kind}-${id}`.toLowerCase();
        const input = kind === 'dept'
          ? { username, password: 'probe-password', displayName: '探测部门联络人', role: 'DEPARTMENT_PUBLISHER', departmentId: id }
          : { username, password: 'probe-password', displayName: '探测乡镇联络员', role: 'TOWNSHIP_ORGANIZER', regionId: id };
        ok(await gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: input }, admin), `createUser ${username}`);
        const r = await atRealTime(() => gql('mutation($u: String!) { login(input: { username: $u, password: "probe-password" }) { token } }', { u: username }));
        return ok(r, `login ${username}`).login.token as string;
      })());
    }
    return tokens.get(key)!;
  };

  const taken = new Set<string>();
  const sql = <T,>(query: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;
  const world: LoopWorld = {
    app, gql, admin, org, sql,
    login: (username) => atRealTime(() => app.login(username)),
    async pick() {
      const r = await gql('{ assignments(first: 100, filter: { status: MATCHED }) { nodes { id version department { id } demandItem { id township { id } } } } }', {}, org);
      const a = ok(r, 'assignments').assignments.nodes.find((n: any) => !taken.has(n.demandItem.id));
      expect(a, 'a MATCHED assignment left to pick').toBeDefined();
      taken.add(a.demandItem.id);
      return {
        demandId: a.demandItem.id, assignmentId: a.id, version: a.version, departmentId: a.department.id, townshipId: a.demandItem.township.id,
        dept: await loginFor('dept', a.department.id), town: await loginFor('town', a.demandItem.township.id),
      };
    },
    async item(p) {
      return ok(await gql('query($id: ID!) { demandItem(id: $id) { status version } }', { id: p.demandId }, p.town), 'item').demandItem;
    },
    async walk(p, to) {
      let v = ok(await gql(ACCEPT, { i: { id: p.assignmentId, version: p.version, committedDate: '2020-02-28', personInCharge: '探测员' } }, p.dept), 'accept').acceptAssignment.version;
      if (to === 'ACCEPTED') return v;
      v = ok(await gql(COMPLETE, { i: { id: p.assignmentId, version: v, resultNote: '已办结', peopleServed: 5 } }, p.dept), 'complete').completeAssignment.version;
      if (to === 'COMPLETED') return v;
      const item = await world.item(p);
      ok(await gql(RATE, { i: { demandItemId: p.demandId, version: item.version, rating: 'SATISFIED', comment: '满意' } }, p.town), 'rate');
      return ok(await gql('query($id: ID!) { assignment(id: $id) { version } }', { id: p.assignmentId }, p.dept), 'read').assignment.version;
    },
    async events(demandId, action) {
      const rows = await sql<{ n: unknown }>('select count(*) as n from event where demand_item_id = ? and action = ?', [demandId, action]);
      return Number(rows[0].n);
    },
  };
  return world;
}
