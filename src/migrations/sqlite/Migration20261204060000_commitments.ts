import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18, items 2 and 6. The file of what is on file (暂缓办理台账): a deferred demand's review
 * date (复核日期), when and by whom it was deferred, kept on its escalation. Commitment lists
 * (办实事清单): a department's yearly list of promises, its items, and their progress notes.
 */
export class Migration20261204060000_commitments extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table `escalation` add column `review_date` text null;');
    this.addSql('alter table `escalation` add column `deferred_at` datetime null;');
    this.addSql('alter table `escalation` add column `deferred_by_id` text null constraint `escalation_deferred_by_id_foreign` references `app_user` (`id`) on update cascade on delete set null;');
    this.addSql('create index `escalation_deferred_by_id_index` on `escalation` (`deferred_by_id`);');
    this.addSql('create index `escalation_review_date_index` on `escalation` (`review_date`);');

    this.addSql("create table `commitment_list` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `department_id` text not null, `region_id` text not null, `year` integer not null, `title` text not null, `status` text check (`status` in ('DRAFT', 'PUBLISHED')) not null default 'DRAFT', `published_at` datetime null, `version` integer not null default 1, constraint `commitment_list_department_id_foreign` foreign key(`department_id`) references `department`(`id`) on delete restrict on update cascade, constraint `commitment_list_region_id_foreign` foreign key(`region_id`) references `region`(`id`) on delete restrict on update cascade, primary key (`id`));");
    this.addSql('create index `commitment_list_department_id_index` on `commitment_list` (`department_id`);');
    this.addSql('create index `commitment_list_region_id_index` on `commitment_list` (`region_id`);');
    this.addSql('create unique index `commitment_list_department_id_year_unique` on `commitment_list` (`department_id`, `year`);');
    this.addSql("create table `commitment_item` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `list_id` text not null, `title` text not null, `detail` text not null default '', `deadline` text not null, `status` text check (`status` in ('PLANNED', 'IN_PROGRESS', 'DONE')) not null default 'PLANNED', `done_at` datetime null, `completion_note` text null, `version` integer not null default 1, constraint `commitment_item_list_id_foreign` foreign key(`list_id`) references `commitment_list`(`id`) on delete cascade on update cascade, primary key (`id`));");
    this.addSql('create index `commitment_item_list_id_index` on `commitment_item` (`list_id`);');
    this.addSql('create index `commitment_item_list_id_status_index` on `commitment_item` (`list_id`, `status`);');
    this.addSql("create table `commitment_note` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `item_id` text not null, `author_id` text null, `author_name` text not null, `action` text check (`action` in ('PROGRESS', 'DONE')) not null, `note` text not null, `at` datetime not null, constraint `commitment_note_item_id_foreign` foreign key(`item_id`) references `commitment_item`(`id`) on delete cascade on update cascade, constraint `commitment_note_author_id_foreign` foreign key(`author_id`) references `app_user`(`id`) on delete set null on update cascade, primary key (`id`));");
    this.addSql('create index `commitment_note_item_id_index` on `commitment_note` (`item_id`);');
    this.addSql('create index `commitment_note_author_id_index` on `commitment_note` (`author_id`);');
  }

}
