import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18, items 2 and 6. The file of what is on file (暂缓办理台账): a deferred demand's review
 * date (复核日期), when and by whom it was deferred, kept on its escalation. Commitment lists
 * (办实事清单): a department's yearly list of promises, its items, and their progress notes.
 */
export class Migration20261204060001_commitments extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table "escalation" add column "review_date" varchar(10) null, add column "deferred_at" timestamptz null, add column "deferred_by_id" varchar(40) null;');
    this.addSql('alter table "escalation" add constraint "escalation_deferred_by_id_foreign" foreign key ("deferred_by_id") references "app_user" ("id") on update cascade on delete set null;');
    this.addSql('create index "escalation_deferred_by_id_index" on "escalation" ("deferred_by_id");');
    this.addSql('create index "escalation_review_date_index" on "escalation" ("review_date");');

    this.addSql(`create table "commitment_list" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "department_id" varchar(40) not null, "region_id" varchar(40) not null, "year" int not null, "title" varchar(200) not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED')) not null default 'DRAFT', "published_at" timestamptz null, "version" int not null default 1, constraint "commitment_list_pkey" primary key ("id"));`);
    this.addSql('create index "commitment_list_department_id_index" on "commitment_list" ("department_id");');
    this.addSql('create index "commitment_list_region_id_index" on "commitment_list" ("region_id");');
    this.addSql('alter table "commitment_list" add constraint "commitment_list_department_id_year_unique" unique ("department_id", "year");');
    this.addSql('alter table "commitment_list" add constraint "commitment_list_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;');
    this.addSql('alter table "commitment_list" add constraint "commitment_list_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;');
    this.addSql(`create table "commitment_item" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "list_id" varchar(40) not null, "title" varchar(100) not null, "detail" text not null default '', "deadline" varchar(10) not null, "status" text check ("status" in ('PLANNED', 'IN_PROGRESS', 'DONE')) not null default 'PLANNED', "done_at" timestamptz null, "completion_note" text null, "version" int not null default 1, constraint "commitment_item_pkey" primary key ("id"));`);
    this.addSql('create index "commitment_item_list_id_index" on "commitment_item" ("list_id");');
    this.addSql('create index "commitment_item_list_id_status_index" on "commitment_item" ("list_id", "status");');
    this.addSql('alter table "commitment_item" add constraint "commitment_item_list_id_foreign" foreign key ("list_id") references "commitment_list" ("id") on update cascade on delete cascade;');
    this.addSql(`create table "commitment_note" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "item_id" varchar(40) not null, "author_id" varchar(40) null, "author_name" varchar(50) not null, "action" text check ("action" in ('PROGRESS', 'DONE')) not null, "note" text not null, "at" timestamptz not null, constraint "commitment_note_pkey" primary key ("id"));`);
    this.addSql('create index "commitment_note_item_id_index" on "commitment_note" ("item_id");');
    this.addSql('create index "commitment_note_author_id_index" on "commitment_note" ("author_id");');
    this.addSql('alter table "commitment_note" add constraint "commitment_note_item_id_foreign" foreign key ("item_id") references "commitment_item" ("id") on update cascade on delete cascade;');
    this.addSql('alter table "commitment_note" add constraint "commitment_note_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;');
  }

}
