import { Migration } from '@mikro-orm/migrations';

/** Merged demands (a duplicate into the one kept, villages' needs into a common demand) and pairs kept apart (issue 17). */
export class Migration20261204020000_merges extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table `demand_item` add column `merged_into_id` text null constraint `demand_item_merged_into_id_foreign` references `demand_item` (`id`) on update cascade on delete set null;');
    this.addSql('create index `demand_item_merged_into_id_index` on `demand_item` (`merged_into_id`);');
    this.addSql('create table `demand_kept_apart` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `campaign_id` text not null, `first_id` text not null, `second_id` text not null, `created_by` text not null, constraint `demand_kept_apart_campaign_id_foreign` foreign key(`campaign_id`) references `campaign`(`id`) on delete cascade on update cascade, constraint `demand_kept_apart_first_id_foreign` foreign key(`first_id`) references `demand_item`(`id`) on delete cascade on update cascade, constraint `demand_kept_apart_second_id_foreign` foreign key(`second_id`) references `demand_item`(`id`) on delete cascade on update cascade, primary key (`id`));');
    this.addSql('create index `demand_kept_apart_campaign_id_index` on `demand_kept_apart` (`campaign_id`);');
    this.addSql('create index `demand_kept_apart_second_id_index` on `demand_kept_apart` (`second_id`);');
    this.addSql('create unique index `demand_kept_apart_first_id_second_id_unique` on `demand_kept_apart` (`first_id`, `second_id`);');
  }

}
