import type { EntityManager } from '@mikro-orm/core';
import { AssignmentStatus, AssignmentTier } from '../../common/enums';
import type { Precedent } from '../../engine';

/**
 * The labelled examples the loop produced (先例), read for a matching run: every hand assignment
 * at the desk that stands (not declined or cancelled since), every service closed with a
 * satisfied rating (CLOSED: only the top three ratings close), and every decline. The engine
 * learns from them (src/engine/candidates.ts): a demand worded like one of them goes where
 * people put it, or avoids where it was declined. The latest of each kind, so a long history
 * stays a bounded input.
 */

const LATEST = 5_000;

type Row = Record<string, unknown>;

/** The precedents, of one category when given (a decline's re-placement needs only its demand's). */
export async function readPrecedents(em: EntityManager, category?: string): Promise<Precedent[]> {
  const connection = em.getConnection();
  const select = (kind: Precedent['kind'], where: string) => connection.execute(
    `select '${kind}' as kind, di.category, di.title, di.content, a.supply_item_id, a.department_id
       from assignment a join demand_item di on di.id = a.demand_item_id where ${where}${category ? ' and di.category = ?' : ''} order by a.id desc limit ${LATEST}`,
    category ? [category] : [], 'all', em.getTransactionContext(),
  ) as Promise<Row[]>;
  const rows = [
    ...await select('ASSIGNED', `a.tier = '${AssignmentTier.MANUAL}' and a.status not in ('${AssignmentStatus.DECLINED}', '${AssignmentStatus.CANCELLED}')`),
    ...await select('SATISFIED', `a.status = '${AssignmentStatus.CLOSED}'`),
    ...await select('DECLINED', `a.status = '${AssignmentStatus.DECLINED}' and a.supply_item_id is not null`),
  ];
  return rows.map((r) => ({
    kind: r.kind as Precedent['kind'], category: r.category as Precedent['category'], title: String(r.title), content: String(r.content),
    supplyId: (r.supply_item_id as string | null) ?? null, departmentId: String(r.department_id),
  }));
}
