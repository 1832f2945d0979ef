import { Migration } from '@mikro-orm/migrations';

/** Households met on visits (入户走访), and the demands their visits raised (issue 17). */
export class Migration20261203200001_households extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "household" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "township_id" varchar(40) not null, "village_id" varchar(40) null, "head_name" varchar(50) not null, "population" int not null default 0, "tags" jsonb not null, "phone" varchar(30) null, "visitor" varchar(50) null, "visited_on" varchar(10) null, "import_key" varchar(80) not null, constraint "household_pkey" primary key ("id"));`);
    this.addSql(`create index "household_township_id_index" on "household" ("township_id");`);
    this.addSql(`alter table "household" add constraint "household_township_id_import_key_unique" unique ("township_id", "import_key");`);

    this.addSql(`alter table "household" add constraint "household_township_id_foreign" foreign key ("township_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "household" add constraint "household_village_id_foreign" foreign key ("village_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "demand_item" add column "household_id" varchar(40) null;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "demand_item" drop constraint "demand_item_household_id_foreign";`);

    this.addSql(`drop table if exists "household" cascade;`);

    this.addSql(`alter table "demand_item" drop column "household_id";`);
  }

}
