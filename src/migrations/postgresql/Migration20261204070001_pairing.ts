import { Migration } from '@mikro-orm/migrations';

/**
 * 结对认亲 (issue 18, item 5): cadres, the pairs of households with cadres (at most one in force per
 * household: a partial unique index, so two runs at once cannot pair one household twice), and the
 * visits of a pair (走访记录).
 */
export class Migration20261204070001_pairing extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cadre" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(50) not null, "department_id" varchar(40) not null, "region_id" varchar(40) not null, "level" text check ("level" in ('VILLAGE', 'TOWNSHIP', 'COUNTY')) not null, "county_id" varchar(40) not null, "user_id" varchar(40) null, constraint "cadre_pkey" primary key ("id"));`);
    this.addSql(`create index "cadre_county_id_index" on "cadre" ("county_id");`);
    this.addSql(`create index "cadre_region_id_index" on "cadre" ("region_id");`);
    this.addSql(`create index "cadre_department_id_index" on "cadre" ("department_id");`);
    this.addSql(`alter table "cadre" add constraint "cadre_user_id_unique" unique ("user_id");`);
    this.addSql(`alter table "cadre" add constraint "cadre_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "cadre" add constraint "cadre_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "cadre" add constraint "cadre_county_id_foreign" foreign key ("county_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "cadre" add constraint "cadre_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete restrict;`);

    this.addSql(`create table "pairing" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "household_id" varchar(40) not null, "cadre_id" varchar(40) not null, "county_id" varchar(40) not null, "township_id" varchar(40) not null, "village_id" varchar(40) null, "level" text check ("level" in ('VILLAGE', 'TOWNSHIP', 'COUNTY')) not null, "status" text check ("status" in ('ACTIVE', 'ENDED')) not null default 'ACTIVE', "explanation" text not null, "started_by_id" varchar(40) null, "ended_at" timestamptz null, "end_reason" text null, "ended_by_id" varchar(40) null, constraint "pairing_pkey" primary key ("id"));`);
    this.addSql(`create index "pairing_county_id_status_index" on "pairing" ("county_id", "status");`);
    this.addSql(`create index "pairing_township_id_status_index" on "pairing" ("township_id", "status");`);
    this.addSql(`create index "pairing_cadre_id_status_index" on "pairing" ("cadre_id", "status");`);
    this.addSql(`create index "pairing_household_id_index" on "pairing" ("household_id");`);
    this.addSql(`create unique index "pairing_household_active_unique" on "pairing" ("household_id") where "status" = 'ACTIVE';`);
    for (const [column, table] of [['household_id', 'household'], ['cadre_id', 'cadre'], ['county_id', 'region'], ['township_id', 'region'], ['village_id', 'region'], ['started_by_id', 'app_user'], ['ended_by_id', 'app_user']]) {
      this.addSql(`alter table "pairing" add constraint "pairing_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade on delete restrict;`);
    }

    this.addSql(`create table "pair_visit" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "pairing_id" varchar(40) not null, "household_id" varchar(40) not null, "cadre_id" varchar(40) not null, "township_id" varchar(40) not null, "visited_on" varchar(10) not null, "notes" text not null, "needs" jsonb not null, "demand_item_ids" jsonb not null, "recorded_by_id" varchar(40) null, constraint "pair_visit_pkey" primary key ("id"));`);
    this.addSql(`create index "pair_visit_pairing_id_index" on "pair_visit" ("pairing_id");`);
    this.addSql(`create index "pair_visit_township_id_index" on "pair_visit" ("township_id");`);
    for (const [column, table] of [['pairing_id', 'pairing'], ['household_id', 'household'], ['cadre_id', 'cadre'], ['township_id', 'region'], ['recorded_by_id', 'app_user']]) {
      this.addSql(`alter table "pair_visit" add constraint "pair_visit_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade on delete restrict;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pair_visit" cascade;`);
    this.addSql(`drop table if exists "pairing" cascade;`);
    this.addSql(`drop table if exists "cadre" cascade;`);
  }

}
