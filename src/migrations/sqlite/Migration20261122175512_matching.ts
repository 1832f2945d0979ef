import { Migration } from '@mikro-orm/migrations';

export class Migration20261122175512_matching extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`match_run\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`campaign_id\` text not null, \`region_id\` text null, \`started_by_id\` text null, \`started_by_role\` text null, \`started_at\` datetime not null, \`finished_at\` datetime not null, \`fingerprint\` text not null, \`threshold\` double not null, \`considered\` integer not null, \`pinned\` integer not null, \`placed_county\` integer not null, \`placed_city\` integer not null, \`escalated\` integer not null, \`priority_placed\` integer not null, \`total_score\` double not null, \`eligible_pairs\` integer not null, \`escalated_by_reason\` json not null, \`engine_ms\` integer not null, constraint \`match_run_campaign_id_foreign\` foreign key(\`campaign_id\`) references \`campaign\`(\`id\`) on delete restrict on update cascade, constraint \`match_run_region_id_foreign\` foreign key(\`region_id\`) references \`region\`(\`id\`) on delete restrict on update cascade, constraint \`match_run_started_by_id_foreign\` foreign key(\`started_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`match_run_campaign_id_index\` on \`match_run\` (\`campaign_id\`);`);
    this.addSql(`create index \`match_run_region_id_index\` on \`match_run\` (\`region_id\`);`);
    this.addSql(`create index \`match_run_started_by_id_index\` on \`match_run\` (\`started_by_id\`);`);
    this.addSql(`create index \`match_run_campaign_id_started_at_index\` on \`match_run\` (\`campaign_id\`, \`started_at\`);`);

    this.addSql(`create table \`escalation\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`demand_item_id\` text not null, \`run_id\` text null, \`last_run_id\` text null, \`reason\` text check (\`reason\` in ('HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED')) not null, \`detail\` json not null, \`status\` text check (\`status\` in ('OPEN', 'RESOLVED')) not null default 'OPEN', \`escalated_at\` datetime not null, \`resolved_at\` datetime null, \`version\` integer not null default 1, constraint \`escalation_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, constraint \`escalation_run_id_foreign\` foreign key(\`run_id\`) references \`match_run\`(\`id\`) on delete restrict on update cascade, constraint \`escalation_last_run_id_foreign\` foreign key(\`last_run_id\`) references \`match_run\`(\`id\`) on delete restrict on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`escalation_demand_item_id_index\` on \`escalation\` (\`demand_item_id\`);`);
    this.addSql(`create index \`escalation_run_id_index\` on \`escalation\` (\`run_id\`);`);
    this.addSql(`create index \`escalation_last_run_id_index\` on \`escalation\` (\`last_run_id\`);`);
    this.addSql(`create index \`escalation_status_reason_index\` on \`escalation\` (\`status\`, \`reason\`);`);
    this.addSql(`create index \`escalation_demand_item_id_status_index\` on \`escalation\` (\`demand_item_id\`, \`status\`);`);

    this.addSql(`create table \`assignment\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`demand_item_id\` text not null, \`supply_item_id\` text null, \`department_id\` text not null, \`run_id\` text null, \`tier\` text check (\`tier\` in ('COUNTY', 'CITY', 'MANUAL')) not null, \`score\` double null, \`explanation\` json null, \`status\` text check (\`status\` in ('MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'DECLINED', 'CANCELLED')) not null default 'MATCHED', \`dispatched_at\` datetime not null, \`note\` text null, \`version\` integer not null default 1, constraint \`assignment_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, constraint \`assignment_supply_item_id_foreign\` foreign key(\`supply_item_id\`) references \`supply_item\`(\`id\`) on delete restrict on update cascade, constraint \`assignment_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on delete restrict on update cascade, constraint \`assignment_run_id_foreign\` foreign key(\`run_id\`) references \`match_run\`(\`id\`) on delete restrict on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`assignment_demand_item_id_index\` on \`assignment\` (\`demand_item_id\`);`);
    this.addSql(`create index \`assignment_supply_item_id_index\` on \`assignment\` (\`supply_item_id\`);`);
    this.addSql(`create index \`assignment_department_id_index\` on \`assignment\` (\`department_id\`);`);
    this.addSql(`create index \`assignment_run_id_index\` on \`assignment\` (\`run_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `assignment`;');
    this.addSql('drop table if exists `escalation`;');
    this.addSql('drop table if exists `match_run`;');
  }

}
