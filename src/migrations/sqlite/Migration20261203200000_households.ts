import { Migration } from '@mikro-orm/migrations';

/** Households met on visits (入户走访), and the demands their visits raised (issue 17). */
export class Migration20261203200000_households extends Migration {

  override async up(): Promise<void> {
    this.addSql('create table `household` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `township_id` text not null, `village_id` text null, `head_name` text not null, `population` integer not null default 0, `tags` json not null, `phone` text null, `visitor` text null, `visited_on` text null, `import_key` text not null, constraint `household_township_id_foreign` foreign key(`township_id`) references `region`(`id`) on delete restrict on update cascade, constraint `household_village_id_foreign` foreign key(`village_id`) references `region`(`id`) on delete restrict on update cascade, primary key (`id`));');
    this.addSql('create index `household_village_id_index` on `household` (`village_id`);');
    this.addSql('create index `household_township_id_index` on `household` (`township_id`);');
    this.addSql('create unique index `household_township_id_import_key_unique` on `household` (`township_id`, `import_key`);');
    this.addSql('alter table `demand_item` add column `household_id` text null constraint `demand_item_household_id_foreign` references `household` (`id`) on update cascade on delete set null;');
    this.addSql('create index `demand_item_household_id_index` on `demand_item` (`household_id`);');
  }

}
