import { Migration } from '@mikro-orm/migrations';
import { factIndexes } from '../../modules/report/demand-facts';

/** Demand facts (src/modules/report/demand-facts.ts), built for every demand already there by the statement that keeps them. */
export class Migration20261201220000_facts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`demand_fact\` (\`demand_item_id\` text not null, \`campaign_id\` text not null, \`county_id\` text not null, \`township_id\` text not null, \`department_id\` text not null, \`category\` text not null, \`state\` integer not null, \`assignment_status\` text null, \`dispatched_at\` datetime null, \`accepted_at\` datetime null, \`committed_date\` text null, \`reopened_at\` datetime null, \`to_accept\` real null, \`to_complete\` real null, constraint \`demand_fact_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, primary key (\`demand_item_id\`));`);
    for (const sql of factIndexes(true)) this.addSql(sql);
    // A demand's latest escalation and rating (highest id) in one probe each.
    this.addSql('create index `escalation_demand_item_id_id_index` on `escalation` (`demand_item_id`, `id`);');
    this.addSql('create index `feedback_demand_item_id_id_index` on `feedback` (`demand_item_id`, `id`);');
    // The facts themselves are built by the last migration that changes their shape (refreshSql writes today's shape).
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `demand_fact`;');
    this.addSql('drop index if exists `escalation_demand_item_id_id_index`;');
    this.addSql('drop index if exists `feedback_demand_item_id_id_index`;');
  }

}
