import { Migration } from '@mikro-orm/migrations';
import { factIndexes } from '../../modules/report/demand-facts';

/** Demand facts (src/modules/report/demand-facts.ts), built for every demand already there by the statement that keeps them. */
export class Migration20261201220001_facts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "demand_fact" ("demand_item_id" varchar(40) not null, "campaign_id" varchar(40) not null, "county_id" varchar(40) not null, "township_id" varchar(40) not null, "department_id" varchar(40) not null, "category" text not null, "state" int not null, "assignment_status" text null, "dispatched_at" timestamptz null, "accepted_at" timestamptz null, "committed_date" varchar(10) null, "reopened_at" timestamptz null, "to_accept" double precision null, "to_complete" double precision null, constraint "demand_fact_pkey" primary key ("demand_item_id"));`);
    this.addSql(`alter table "demand_fact" add constraint "demand_fact_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    for (const sql of factIndexes(false)) this.addSql(sql);
    // SQLite indexes every foreign key, PostgreSQL none: the facts' rebuild looks up each demand's live assignment, and its latest
    // escalation and rating (with these, one probe each; without, the planner walked a table's primary key backwards per demand).
    this.addSql(`create index "assignment_demand_item_id_index" on "assignment" ("demand_item_id");`);
    this.addSql(`create index "escalation_demand_item_id_id_index" on "escalation" ("demand_item_id", "id");`);
    this.addSql(`create index "feedback_demand_item_id_id_index" on "feedback" ("demand_item_id", "id");`);
    // The facts themselves are built by the last migration that changes their shape (refreshSql writes today's shape).
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "demand_fact" cascade;');
    this.addSql('drop index if exists "assignment_demand_item_id_index";');
    this.addSql('drop index if exists "escalation_demand_item_id_id_index";');
    this.addSql('drop index if exists "feedback_demand_item_id_id_index";');
  }

}
