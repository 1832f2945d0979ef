import { Migration } from '@mikro-orm/migrations';

export class Migration20261122175514_matching extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "match_run" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "campaign_id" varchar(40) not null, "region_id" varchar(40) null, "started_by_id" varchar(40) null, "started_by_role" varchar(30) null, "started_at" timestamptz not null, "finished_at" timestamptz not null, "fingerprint" varchar(64) not null, "threshold" double precision not null, "considered" int not null, "pinned" int not null, "placed_county" int not null, "placed_city" int not null, "escalated" int not null, "priority_placed" int not null, "total_score" double precision not null, "eligible_pairs" int not null, "escalated_by_reason" jsonb not null, "engine_ms" int not null, constraint "match_run_pkey" primary key ("id"));`);
    this.addSql(`create index "match_run_campaign_id_started_at_index" on "match_run" ("campaign_id", "started_at");`);

    this.addSql(`create table "escalation" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "demand_item_id" varchar(40) not null, "run_id" varchar(40) null, "last_run_id" varchar(40) null, "reason" text check ("reason" in ('HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED')) not null, "detail" jsonb not null, "status" text check ("status" in ('OPEN', 'RESOLVED')) not null default 'OPEN', "escalated_at" timestamptz not null, "resolved_at" timestamptz null, "version" int not null default 1, constraint "escalation_pkey" primary key ("id"));`);
    this.addSql(`create index "escalation_status_reason_index" on "escalation" ("status", "reason");`);
    this.addSql(`create index "escalation_demand_item_id_status_index" on "escalation" ("demand_item_id", "status");`);

    this.addSql(`create table "assignment" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "demand_item_id" varchar(40) not null, "supply_item_id" varchar(40) null, "department_id" varchar(40) not null, "run_id" varchar(40) null, "tier" text check ("tier" in ('COUNTY', 'CITY', 'MANUAL')) not null, "score" double precision null, "explanation" jsonb null, "status" text check ("status" in ('MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'DECLINED', 'CANCELLED')) not null default 'MATCHED', "dispatched_at" timestamptz not null, "note" text null, "version" int not null default 1, constraint "assignment_pkey" primary key ("id"));`);

    this.addSql(`alter table "match_run" add constraint "match_run_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "match_run" add constraint "match_run_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "match_run" add constraint "match_run_started_by_id_foreign" foreign key ("started_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "escalation" add constraint "escalation_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "escalation" add constraint "escalation_run_id_foreign" foreign key ("run_id") references "match_run" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "escalation" add constraint "escalation_last_run_id_foreign" foreign key ("last_run_id") references "match_run" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "assignment" add constraint "assignment_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "assignment" add constraint "assignment_supply_item_id_foreign" foreign key ("supply_item_id") references "supply_item" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "assignment" add constraint "assignment_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "assignment" add constraint "assignment_run_id_foreign" foreign key ("run_id") references "match_run" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "escalation" drop constraint "escalation_run_id_foreign";`);

    this.addSql(`alter table "escalation" drop constraint "escalation_last_run_id_foreign";`);

    this.addSql(`alter table "assignment" drop constraint "assignment_run_id_foreign";`);

    this.addSql(`drop table if exists "match_run" cascade;`);

    this.addSql(`drop table if exists "escalation" cascade;`);

    this.addSql(`drop table if exists "assignment" cascade;`);
  }

}
