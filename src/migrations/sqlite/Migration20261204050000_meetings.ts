import { Migration } from '@mikro-orm/migrations';

/** Joint meetings (联席会议, issue 18): the minutes of a township's or village's meeting, and its agenda entries with their decisions. */
export class Migration20261204050000_meetings extends Migration {

  override async up(): Promise<void> {
    const sections = `('NEW', 'OVERDUE', 'STUCK', 'DECLINED', 'ESCALATED', 'UNRATED', 'RECONCILE')`;
    const states = `('DRAFT', 'SUBMITTED', 'MATCHED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'ESCALATED', 'DEFERRED', 'LEADERSHIP', 'WITHDRAWN')`;
    this.addSql('create table `joint_meeting` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `township_id` text not null, `village_id` text null, `scope_key` text not null, `held_on` text not null, `place` text not null, `attendees` text not null, `next_meeting_on` text null, `agenda_since` datetime not null, `recorded_at` datetime not null, `recorded_by_id` text null, `recorded_by_name` text not null, `corrected_at` datetime null, `version` integer not null default 1, constraint `joint_meeting_township_id_foreign` foreign key(`township_id`) references `region`(`id`) on delete restrict on update cascade, constraint `joint_meeting_village_id_foreign` foreign key(`village_id`) references `region`(`id`) on delete restrict on update cascade, constraint `joint_meeting_recorded_by_id_foreign` foreign key(`recorded_by_id`) references `app_user`(`id`) on delete set null on update cascade, primary key (`id`));');
    this.addSql('create index `joint_meeting_township_id_held_on_index` on `joint_meeting` (`township_id`, `held_on`);');
    this.addSql('create index `joint_meeting_village_id_index` on `joint_meeting` (`village_id`);');
    this.addSql('create index `joint_meeting_recorded_by_id_index` on `joint_meeting` (`recorded_by_id`);');
    this.addSql('create unique index `joint_meeting_scope_key_held_on_unique` on `joint_meeting` (`scope_key`, `held_on`);');
    this.addSql(`create table \`meeting_decision\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`demand_item_id\` text not null, \`section\` text check (\`section\` in ${sections}) not null, \`reasons\` json not null, \`status\` text check (\`status\` in ${states}) not null, \`department_name\` text null, \`submitted_at\` datetime null, \`due_date\` text null, \`days_late\` integer not null default 0, \`last_moved_at\` datetime null, \`done_at\` datetime null, \`decision\` text null, constraint \`meeting_decision_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`joint_meeting\`(\`id\`) on delete cascade on update cascade, constraint \`meeting_decision_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql('create index `meeting_decision_demand_item_id_index` on `meeting_decision` (`demand_item_id`);');
    this.addSql('create unique index `meeting_decision_meeting_id_demand_item_id_unique` on `meeting_decision` (`meeting_id`, `demand_item_id`);');
  }

}
