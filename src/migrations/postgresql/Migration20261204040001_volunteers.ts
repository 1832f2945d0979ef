import { Migration } from '@mikro-orm/migrations';

/** Volunteers (党员志愿者) and the micro-wishes they claim (领办, issue 18): a new role, a new assignment tier, the assignment's volunteer. */
export class Migration20261204040001_volunteers extends Migration {

  override async up(): Promise<void> {
    const roles = ['TOWNSHIP_ORGANIZER', 'DEPARTMENT_PUBLISHER', 'ORGANIZATION_DEPARTMENT', 'ADMIN', 'VOLUNTEER'].map((r) => `'${r}'`).join(', ');
    this.addSql('alter table "app_user" drop constraint if exists "app_user_role_check";');
    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in (${roles}));`);
    this.addSql('alter table "event" drop constraint if exists "event_actor_role_check";');
    this.addSql(`alter table "event" add constraint "event_actor_role_check" check ("actor_role" in (${roles}));`);
    this.addSql('alter table "assignment" drop constraint if exists "assignment_tier_check";');
    this.addSql(`alter table "assignment" add constraint "assignment_tier_check" check ("tier" in ('COUNTY', 'CITY', 'MANUAL', 'VOLUNTEER'));`);
    this.addSql('alter table "assignment" add column "volunteer_id" varchar(40) null;');
    this.addSql('alter table "assignment" add constraint "assignment_volunteer_id_foreign" foreign key ("volunteer_id") references "app_user" ("id") on update cascade on delete restrict;');
    this.addSql('create index "assignment_volunteer_id_index" on "assignment" ("volunteer_id");');
  }

}
