import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes on the foreign keys the reads follow (issue 19): PostgreSQL, unlike SQLite here, makes
 * none for a foreign key, so a demand's timeline, an assignment's supervisions, a department's work
 * list or a run's facts each scanned their whole table. The keys of the lookups the API and a run
 * make; not every foreign key (each index costs a run's bulk writes).
 */
const INDEXES: [table: string, column: string][] = [
  ['event', 'demand_item_id'],
  ['supervision', 'assignment_id'],
  ['supervision', 'demand_item_id'],
  ['assignment', 'department_id'],
  ['assignment', 'supply_item_id'],
  ['assignment', 'run_id'],
  ['escalation', 'last_run_id'],
  ['feedback', 'assignment_id'],
  ['demand_item', 'township_id'],
  ['demand_item', 'county_id'],
  ['demand_list', 'township_id'],
  ['supply_item', 'department_id'],
  ['supply_list', 'department_id'],
  ['region', 'parent_id'],
];

export class Migration20261204090001_foreign_key_indexes extends Migration {

  override async up(): Promise<void> {
    for (const [table, column] of INDEXES) this.addSql(`create index if not exists "${table}_${column}_index" on "${table}" ("${column}");`);
  }

  override async down(): Promise<void> {
    for (const [table, column] of INDEXES) this.addSql(`drop index if exists "${table}_${column}_index";`);
  }

}
