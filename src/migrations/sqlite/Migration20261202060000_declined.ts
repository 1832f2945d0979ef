import { Migration } from '@mikro-orm/migrations';

/**
 * A new escalation reason, DECLINED (every fitting item declined the demand). SQLite cannot alter
 * a check constraint, so the table is built again with the new one and its rows copied; the demand
 * facts are rebuilt, their bits of state following the reasons in order.
 */
export class Migration20261202060000_declined extends Migration {

  override async up(): Promise<void> {
    this.addSql(escalationTable(['HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'DECLINED', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED']));
    this.addSql('insert into `escalation_next` select * from `escalation`;');
    this.addSql('drop table `escalation`;');
    this.addSql('alter table `escalation_next` rename to `escalation`;');
    for (const sql of INDEXES) this.addSql(sql);
    // The facts themselves are built by the last migration that changes their shape (refreshSql writes today's shape).
  }

  override async down(): Promise<void> {
    this.addSql("update `escalation` set `reason` = 'LOW_RELEVANCE' where `reason` = 'DECLINED';");
    this.addSql(escalationTable(['HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED']));
    this.addSql('insert into `escalation_next` select * from `escalation`;');
    this.addSql('drop table `escalation`;');
    this.addSql('alter table `escalation_next` rename to `escalation`;');
    for (const sql of INDEXES) this.addSql(sql);
  }

}

const escalationTable = (reasons: string[]) => `create table \`escalation_next\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`demand_item_id\` text not null, \`run_id\` text null, \`last_run_id\` text null, \`reason\` text check (\`reason\` in (${reasons.map((r) => `'${r}'`).join(', ')})) not null, \`detail\` json not null, \`status\` text check (\`status\` in ('OPEN', 'RESOLVED')) not null default 'OPEN', \`escalated_at\` datetime not null, \`resolved_at\` datetime null, \`version\` integer not null default 1, \`desk_note\` text null, \`leader_name\` text null, \`leader_due_date\` text null, constraint \`escalation_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, constraint \`escalation_run_id_foreign\` foreign key(\`run_id\`) references \`match_run\`(\`id\`) on delete restrict on update cascade, constraint \`escalation_last_run_id_foreign\` foreign key(\`last_run_id\`) references \`match_run\`(\`id\`) on delete restrict on update cascade, primary key (\`id\`));`;

const INDEXES = [
  'create index `escalation_demand_item_id_index` on `escalation` (`demand_item_id`);',
  'create index `escalation_run_id_index` on `escalation` (`run_id`);',
  'create index `escalation_last_run_id_index` on `escalation` (`last_run_id`);',
  'create index `escalation_status_reason_index` on `escalation` (`status`, `reason`);',
  'create index `escalation_demand_item_id_status_index` on `escalation` (`demand_item_id`, `status`);',
  'create index `escalation_demand_item_id_id_index` on `escalation` (`demand_item_id`, `id`);',
];
