import { Migration } from '@mikro-orm/migrations';

export class Migration20261122184120_loop extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`supervision\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`demand_item_id\` text not null, \`assignment_id\` text null, \`department_id\` text null, \`note\` text not null, \`by_id\` text null, \`at\` datetime not null, constraint \`supervision_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, constraint \`supervision_assignment_id_foreign\` foreign key(\`assignment_id\`) references \`assignment\`(\`id\`) on delete set null on update cascade, constraint \`supervision_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on delete set null on update cascade, constraint \`supervision_by_id_foreign\` foreign key(\`by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`supervision_demand_item_id_index\` on \`supervision\` (\`demand_item_id\`);`);
    this.addSql(`create index \`supervision_assignment_id_index\` on \`supervision\` (\`assignment_id\`);`);
    this.addSql(`create index \`supervision_department_id_index\` on \`supervision\` (\`department_id\`);`);
    this.addSql(`create index \`supervision_by_id_index\` on \`supervision\` (\`by_id\`);`);

    this.addSql(`create table \`feedback\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`assignment_id\` text null, \`demand_item_id\` text not null, \`rating\` text check (\`rating\` in ('VERY_SATISFIED', 'SATISFIED', 'BASIC', 'UNSATISFIED', 'VERY_UNSATISFIED')) not null, \`comment\` text not null, \`rated_by_id\` text null, \`at\` datetime not null, constraint \`feedback_assignment_id_foreign\` foreign key(\`assignment_id\`) references \`assignment\`(\`id\`) on delete cascade on update cascade, constraint \`feedback_demand_item_id_foreign\` foreign key(\`demand_item_id\`) references \`demand_item\`(\`id\`) on delete cascade on update cascade, constraint \`feedback_rated_by_id_foreign\` foreign key(\`rated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`feedback_assignment_id_index\` on \`feedback\` (\`assignment_id\`);`);
    this.addSql(`create index \`feedback_demand_item_id_index\` on \`feedback\` (\`demand_item_id\`);`);
    this.addSql(`create index \`feedback_rated_by_id_index\` on \`feedback\` (\`rated_by_id\`);`);

    this.addSql(`alter table \`escalation\` add column \`desk_note\` text null;`);
    this.addSql(`alter table \`escalation\` add column \`leader_name\` text null;`);
    this.addSql(`alter table \`escalation\` add column \`leader_due_date\` text null;`);

    this.addSql(`alter table \`assignment\` add column \`committed_date\` text null;`);
    this.addSql(`alter table \`assignment\` add column \`person_in_charge\` text null;`);
    this.addSql(`alter table \`assignment\` add column \`accepted_at\` datetime null;`);
    this.addSql(`alter table \`assignment\` add column \`completed_at\` datetime null;`);
    this.addSql(`alter table \`assignment\` add column \`result_note\` text null;`);
    this.addSql(`alter table \`assignment\` add column \`people_served\` integer null;`);
    this.addSql(`alter table \`assignment\` add column \`closed_at\` datetime null;`);
    this.addSql(`alter table \`assignment\` add column \`reopened_at\` datetime null;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `supervision`;');
    this.addSql('drop table if exists `feedback`;');
    for (const column of ['desk_note', 'leader_name', 'leader_due_date']) this.addSql(`alter table \`escalation\` drop column \`${column}\`;`);
    for (const column of ['committed_date', 'person_in_charge', 'accepted_at', 'completed_at', 'result_note', 'people_served', 'closed_at', 'reopened_at']) {
      this.addSql(`alter table \`assignment\` drop column \`${column}\`;`);
    }
  }

}
