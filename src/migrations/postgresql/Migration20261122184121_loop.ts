import { Migration } from '@mikro-orm/migrations';

export class Migration20261122184121_loop extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "supervision" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "demand_item_id" varchar(40) not null, "assignment_id" varchar(40) null, "department_id" varchar(40) null, "note" text not null, "by_id" varchar(40) null, "at" timestamptz not null, constraint "supervision_pkey" primary key ("id"));`);

    this.addSql(`create table "feedback" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "assignment_id" varchar(40) null, "demand_item_id" varchar(40) not null, "rating" text check ("rating" in ('VERY_SATISFIED', 'SATISFIED', 'BASIC', 'UNSATISFIED', 'VERY_UNSATISFIED')) not null, "comment" text not null, "rated_by_id" varchar(40) null, "at" timestamptz not null, constraint "feedback_pkey" primary key ("id"));`);

    this.addSql(`alter table "supervision" add constraint "supervision_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "supervision" add constraint "supervision_assignment_id_foreign" foreign key ("assignment_id") references "assignment" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "supervision" add constraint "supervision_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "supervision" add constraint "supervision_by_id_foreign" foreign key ("by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "feedback" add constraint "feedback_assignment_id_foreign" foreign key ("assignment_id") references "assignment" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "feedback" add constraint "feedback_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "feedback" add constraint "feedback_rated_by_id_foreign" foreign key ("rated_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "escalation" add column "desk_note" text null, add column "leader_name" varchar(50) null, add column "leader_due_date" varchar(10) null;`);

    this.addSql(`alter table "assignment" add column "committed_date" varchar(10) null, add column "person_in_charge" varchar(50) null, add column "accepted_at" timestamptz null, add column "completed_at" timestamptz null, add column "result_note" text null, add column "people_served" int null, add column "closed_at" timestamptz null, add column "reopened_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "supervision" cascade;`);

    this.addSql(`drop table if exists "feedback" cascade;`);

    this.addSql(`alter table "assignment" drop column "committed_date", drop column "person_in_charge", drop column "accepted_at", drop column "completed_at", drop column "result_note", drop column "people_served", drop column "closed_at", drop column "reopened_at";`);

    this.addSql(`alter table "escalation" drop column "desk_note", drop column "leader_name", drop column "leader_due_date";`);
  }

}
