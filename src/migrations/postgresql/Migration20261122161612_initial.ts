import { Migration } from '@mikro-orm/migrations';

export class Migration20261122161612_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "campaign" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(200) not null, "starts_on" varchar(10) not null, "ends_on" varchar(10) not null, constraint "campaign_pkey" primary key ("id"));`);

    this.addSql(`create table "region" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "level" text check ("level" in ('CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE')) not null, "parent_id" varchar(40) null, "path" varchar(400) not null, constraint "region_pkey" primary key ("id"));`);
    this.addSql(`create index "region_path_index" on "region" ("path");`);

    this.addSql(`create table "department" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "level" text check ("level" in ('CITY', 'COUNTY')) not null, "region_id" varchar(40) not null, constraint "department_pkey" primary key ("id"));`);

    this.addSql(`create table "supply_list" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "campaign_id" varchar(40) not null, "department_id" varchar(40) not null, "region_id" varchar(40) not null, "title" varchar(200) not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED')) not null default 'DRAFT', "published_at" timestamptz null, "version" int not null default 1, constraint "supply_list_pkey" primary key ("id"));`);
    this.addSql(`alter table "supply_list" add constraint "supply_list_campaign_id_department_id_unique" unique ("campaign_id", "department_id");`);

    this.addSql(`create table "supply_item" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "list_id" varchar(40) not null, "campaign_id" varchar(40) not null, "department_id" varchar(40) not null, "region_id" varchar(40) not null, "category" text check ("category" in ('THEORY', 'POLICY', 'TECHNOLOGY', 'HEALTH', 'SERVICE', 'CULTURE', 'WARMTH')) not null, "title" varchar(100) not null, "description" text not null, "forms" jsonb not null, "leader_name" varchar(50) not null, "leader_title" varchar(50) not null default '', "contact_name" varchar(50) not null, "contact_phone" varchar(20) not null, "capacity" int not null, "coverage" jsonb not null, "window_start" varchar(10) null, "window_end" varchar(10) null, "version" int not null default 1, constraint "supply_item_pkey" primary key ("id"));`);
    this.addSql(`create index "supply_item_campaign_id_category_index" on "supply_item" ("campaign_id", "category");`);

    this.addSql(`create table "app_user" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "username" varchar(64) not null, "password_hash" varchar(200) not null, "display_name" varchar(100) not null, "role" text check ("role" in ('TOWNSHIP_ORGANIZER', 'DEPARTMENT_PUBLISHER', 'ORGANIZATION_DEPARTMENT', 'ADMIN')) not null, "region_id" varchar(40) null, "department_id" varchar(40) null, "active" boolean not null default true, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(`create table "demand_list" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "campaign_id" varchar(40) not null, "township_id" varchar(40) not null, "county_id" varchar(40) not null, "title" varchar(200) not null, "status" text check ("status" in ('DRAFT', 'SUBMITTED')) not null default 'DRAFT', "submitted_at" timestamptz null, "created_by_id" varchar(40) null, "version" int not null default 1, constraint "demand_list_pkey" primary key ("id"));`);
    this.addSql(`alter table "demand_list" add constraint "demand_list_campaign_id_township_id_unique" unique ("campaign_id", "township_id");`);

    this.addSql(`create table "demand_item" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "list_id" varchar(40) not null, "campaign_id" varchar(40) not null, "township_id" varchar(40) not null, "county_id" varchar(40) not null, "village_id" varchar(40) null, "category" text check ("category" in ('THEORY', 'POLICY', 'TECHNOLOGY', 'HEALTH', 'SERVICE', 'CULTURE', 'WARMTH')) not null, "title" varchar(100) not null, "content" text not null, "forms" jsonb not null, "window_start" varchar(10) null, "window_end" varchar(10) null, "beneficiaries" int not null default 0, "priority" text check ("priority" in ('NORMAL', 'VULNERABLE', 'URGENT')) not null, "kind" text check ("kind" in ('INDIVIDUAL', 'COMMON', 'HARD')) not null, "source" text check ("source" in ('VISIT', 'FORM', 'WECHAT', 'MEETING', 'HOTLINE', 'OTHER')) not null, "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'ESCALATED', 'DEFERRED', 'LEADERSHIP', 'WITHDRAWN')) not null default 'DRAFT', "version" int not null default 1, constraint "demand_item_pkey" primary key ("id"));`);
    this.addSql(`create index "demand_item_campaign_id_status_index" on "demand_item" ("campaign_id", "status");`);

    this.addSql(`create table "event" ("id" varchar(40) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "demand_item_id" varchar(40) null, "supply_item_id" varchar(40) null, "actor_id" varchar(40) null, "actor_role" text check ("actor_role" in ('TOWNSHIP_ORGANIZER', 'DEPARTMENT_PUBLISHER', 'ORGANIZATION_DEPARTMENT', 'ADMIN')) null, "action" varchar(40) not null, "from_status" varchar(20) null, "to_status" varchar(20) null, "note" text null, "data" jsonb null, "at" timestamptz not null, constraint "event_pkey" primary key ("id"));`);

    this.addSql(`alter table "region" add constraint "region_parent_id_foreign" foreign key ("parent_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "department" add constraint "department_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "supply_list" add constraint "supply_list_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supply_list" add constraint "supply_list_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supply_list" add constraint "supply_list_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "supply_item" add constraint "supply_item_list_id_foreign" foreign key ("list_id") references "supply_list" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "supply_item" add constraint "supply_item_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supply_item" add constraint "supply_item_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supply_item" add constraint "supply_item_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "app_user" add constraint "app_user_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_user" add constraint "app_user_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "demand_list" add constraint "demand_list_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "demand_list" add constraint "demand_list_township_id_foreign" foreign key ("township_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "demand_list" add constraint "demand_list_county_id_foreign" foreign key ("county_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "demand_list" add constraint "demand_list_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "demand_item" add constraint "demand_item_list_id_foreign" foreign key ("list_id") references "demand_list" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_township_id_foreign" foreign key ("township_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_county_id_foreign" foreign key ("county_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_village_id_foreign" foreign key ("village_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "event" add constraint "event_demand_item_id_foreign" foreign key ("demand_item_id") references "demand_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event" add constraint "event_supply_item_id_foreign" foreign key ("supply_item_id") references "supply_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event" add constraint "event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "supply_list" drop constraint "supply_list_campaign_id_foreign";`);

    this.addSql(`alter table "supply_item" drop constraint "supply_item_campaign_id_foreign";`);

    this.addSql(`alter table "demand_list" drop constraint "demand_list_campaign_id_foreign";`);

    this.addSql(`alter table "demand_item" drop constraint "demand_item_campaign_id_foreign";`);

    this.addSql(`alter table "region" drop constraint "region_parent_id_foreign";`);

    this.addSql(`alter table "department" drop constraint "department_region_id_foreign";`);

    this.addSql(`alter table "supply_list" drop constraint "supply_list_region_id_foreign";`);

    this.addSql(`alter table "supply_item" drop constraint "supply_item_region_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_region_id_foreign";`);

    this.addSql(`alter table "demand_list" drop constraint "demand_list_township_id_foreign";`);

    this.addSql(`alter table "demand_list" drop constraint "demand_list_county_id_foreign";`);

    this.addSql(`alter table "demand_item" drop constraint "demand_item_township_id_foreign";`);

    this.addSql(`alter table "demand_item" drop constraint "demand_item_county_id_foreign";`);

    this.addSql(`alter table "demand_item" drop constraint "demand_item_village_id_foreign";`);

    this.addSql(`alter table "supply_list" drop constraint "supply_list_department_id_foreign";`);

    this.addSql(`alter table "supply_item" drop constraint "supply_item_department_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_department_id_foreign";`);

    this.addSql(`alter table "supply_item" drop constraint "supply_item_list_id_foreign";`);

    this.addSql(`alter table "event" drop constraint "event_supply_item_id_foreign";`);

    this.addSql(`alter table "demand_list" drop constraint "demand_list_created_by_id_foreign";`);

    this.addSql(`alter table "event" drop constraint "event_actor_id_foreign";`);

    this.addSql(`alter table "demand_item" drop constraint "demand_item_list_id_foreign";`);

    this.addSql(`alter table "event" drop constraint "event_demand_item_id_foreign";`);

    this.addSql(`drop table if exists "campaign" cascade;`);

    this.addSql(`drop table if exists "region" cascade;`);

    this.addSql(`drop table if exists "department" cascade;`);

    this.addSql(`drop table if exists "supply_list" cascade;`);

    this.addSql(`drop table if exists "supply_item" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "demand_list" cascade;`);

    this.addSql(`drop table if exists "demand_item" cascade;`);

    this.addSql(`drop table if exists "event" cascade;`);
  }

}
