import { Migration } from '@mikro-orm/migrations';

/** Merged demands (a duplicate into the one kept, villages' needs into a common demand) and pairs kept apart (issue 17). */
export class Migration20261204020001_merges extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "demand_item" add column "merged_into_id" varchar(40) null;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_merged_into_id_foreign" foreign key ("merged_into_id") references "demand_item" ("id") on update cascade on delete set null;`);
    this.addSql(`create table "demand_kept_apart" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "campaign_id" varchar(40) not null, "first_id" varchar(40) not null, "second_id" varchar(40) not null, "created_by" varchar(40) not null, constraint "demand_kept_apart_pkey" primary key ("id"));`);
    this.addSql(`create index "demand_kept_apart_campaign_id_index" on "demand_kept_apart" ("campaign_id");`);
    this.addSql(`alter table "demand_kept_apart" add constraint "demand_kept_apart_first_id_second_id_unique" unique ("first_id", "second_id");`);
    this.addSql(`alter table "demand_kept_apart" add constraint "demand_kept_apart_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "demand_kept_apart" add constraint "demand_kept_apart_first_id_foreign" foreign key ("first_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "demand_kept_apart" add constraint "demand_kept_apart_second_id_foreign" foreign key ("second_id") references "demand_item" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "demand_kept_apart" cascade;`);
    this.addSql(`alter table "demand_item" drop constraint "demand_item_merged_into_id_foreign";`);
    this.addSql(`alter table "demand_item" drop column "merged_into_id";`);
  }

}
