import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DemandStatus } from '../../src/common/enums';
import { DemandItem } from '../../src/modules/demand/demand-item.entity';
import { STORED_FIGURES } from '../../src/modules/report/demand-facts';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * The demand facts follow every flush of the unit of work, in the flush's transaction: whether it
 * opens its own or runs in one, and a rollback takes them back with the rest. (Every integration
 * file also ends by checking the kept facts against a rebuild: see close() in test/support/app.ts.)
 */

let app: TestApp;
const CLOSED = 1 << STORED_FIGURES.indexOf('closed');
const stateOf = async (id: string, em = app.orm.em.fork()) =>
  Number((await em.getConnection().execute('select state from demand_fact where demand_item_id = ?', [id], 'all', em.getTransactionContext()))[0].state);

beforeAll(async () => {
  app = await startApp(readDemoData());
});
afterAll(() => app?.close());

describe(`demand facts (${DB_KIND})`, () => {
  it('every submitted demand of the demo has its facts from the seeding', async () => {
    const [row] = await app.orm.em.fork().getConnection().execute(
      `select count(*) as n from demand_item d join demand_fact f on f.demand_item_id = d.id where d.status <> '${DemandStatus.DRAFT}'`);
    expect(Number(row.n)).toBe(114);
  });

  it('a flush that opens its own transaction rebuilds the facts of what it touched before it commits', async () => {
    expect((await stateOf('D-003')) & CLOSED).toBe(0);
    const em = app.orm.em.fork();
    const item = await em.findOneOrFail(DemandItem, { id: 'D-003' });
    item.status = DemandStatus.CLOSED;
    await em.flush();
    expect((await stateOf('D-003')) & CLOSED).toBe(CLOSED);
    item.status = DemandStatus.SUBMITTED;
    await em.flush();
    expect((await stateOf('D-003')) & CLOSED).toBe(0);
  });

  it('a flush inside a transaction rebuilds them in it, and a rollback takes them back', async () => {
    const refused = app.orm.em.fork().transactional(async (em) => {
      const item = await em.findOneOrFail(DemandItem, { id: 'D-004' });
      item.status = DemandStatus.CLOSED;
      await em.flush();
      expect((await stateOf('D-004', em)) & CLOSED).toBe(CLOSED);
      throw new Error('changed my mind');
    });
    await expect(refused).rejects.toThrow('changed my mind');
    expect((await stateOf('D-004')) & CLOSED).toBe(0);
  });
});
