import { Migration } from '@mikro-orm/migrations';

/** Joint meetings (联席会议, issue 18): the minutes of a township's or village's meeting, and its agenda entries with their decisions. */
export class Migration20261204050001_meetings extends Migration {

  override async up(): Promise<void> {
    const sections = `('NEW', 'OVERDUE', 'STUCK', 'DECLINED', 'ESCALATED', 'UNRATED', 'RECONCILE')`;
    const states = `('DRAFT', 'SUBMITTED', 'MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'ESCALATED', 'DEFERRED', 'LEADERSHIP', 'WITHDRAWN')`;
    this.addSql(`create table "joint_meeting" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "township_id" varchar(40) not null, "village_id" varchar(40) null, "scope_key" varchar(90) not null, "held_on" varchar(10) not null, "place" varchar(100) not null, "attendees" text not null, "next_meeting_on" varchar(10) null, "agenda_since" timestamptz not null, "recorded_at" timestamptz not null, "recorded_by_id" varchar(40) null, "recorded_by_name" varchar(50) not null, "corrected_at" timestamptz null, "version" int not null default 1, constraint "joint_meeting_pkey" primary key ("id"));`);
    this.addSql(`create index "joint_meeting_township_id_held_on_index" on "joint_meeting" ("township_id", "held_on");`);
    this.addSql(`alter table "joint_meeting" add constraint "joint_meeting_scope_key_held_on_unique" unique ("scope_key", "held_on");`);
    this.addSql(`alter table "joint_meeting" add constraint "joint_meeting_township_id_foreign" foreign key ("township_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "joint_meeting" add constraint "joint_meeting_village_id_foreign" foreign key ("village_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "joint_meeting" add constraint "joint_meeting_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`create table "meeting_decision" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" varchar(40) not null, "demand_item_id" varchar(40) not null, "section" text check ("section" in ${sections}) not null, "reasons" jsonb not null, "status" text check ("status" in ${states}) not null, "department_name" varchar(200) null, "submitted_at" timestamptz null, "due_date" varchar(10) null, "days_late" int not null default 0, "last_moved_at" timestamptz null, "done_at" timestamptz null, "decision" text null, constraint "meeting_decision_pkey" primary key ("id"));`);
    this.addSql(`create index "meeting_decision_demand_item_id_index" on "meeting_decision" ("demand_item_id");`);
    this.addSql(`alter table "meeting_decision" add constraint "meeting_decision_meeting_id_demand_item_id_unique" unique ("meeting_id", "demand_item_id");`);
    this.addSql(`alter table "meeting_decision" add constraint "meeting_decision_meeting_id_foreign" foreign key ("meeting_id") references "joint_meeting" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "meeting_decision" add constraint "meeting_decision_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "meeting_decision" cascade;`);
    this.addSql(`drop table if exists "joint_meeting" cascade;`);
  }

}
