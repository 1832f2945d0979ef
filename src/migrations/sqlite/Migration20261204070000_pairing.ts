import { Migration } from '@mikro-orm/migrations';

/**
 * 结对认亲 (issue 18, item 5): cadres, the pairs of households with cadres (at most one in force per
 * household: a partial unique index, so two runs at once cannot pair one household twice), and the
 * visits of a pair (走访记录).
 */
export class Migration20261204070000_pairing extends Migration {

  override async up(): Promise<void> {
    this.addSql("create table `cadre` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `name` text not null, `department_id` text not null, `region_id` text not null, `level` text check (`level` in ('VILLAGE', 'TOWNSHIP', 'COUNTY')) not null, `county_id` text not null, `user_id` text null, constraint `cadre_department_id_foreign` foreign key(`department_id`) references `department`(`id`) on delete restrict on update cascade, constraint `cadre_region_id_foreign` foreign key(`region_id`) references `region`(`id`) on delete restrict on update cascade, constraint `cadre_county_id_foreign` foreign key(`county_id`) references `region`(`id`) on delete restrict on update cascade, constraint `cadre_user_id_foreign` foreign key(`user_id`) references `app_user`(`id`) on delete restrict on update cascade, primary key (`id`));");
    this.addSql('create index `cadre_county_id_index` on `cadre` (`county_id`);');
    this.addSql('create index `cadre_region_id_index` on `cadre` (`region_id`);');
    this.addSql('create index `cadre_department_id_index` on `cadre` (`department_id`);');
    this.addSql('create unique index `cadre_user_id_unique` on `cadre` (`user_id`);');

    this.addSql("create table `pairing` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `household_id` text not null, `cadre_id` text not null, `county_id` text not null, `township_id` text not null, `village_id` text null, `level` text check (`level` in ('VILLAGE', 'TOWNSHIP', 'COUNTY')) not null, `status` text check (`status` in ('ACTIVE', 'ENDED')) not null default 'ACTIVE', `explanation` text not null, `started_by_id` text null, `ended_at` datetime null, `end_reason` text null, `ended_by_id` text null, constraint `pairing_household_id_foreign` foreign key(`household_id`) references `household`(`id`) on delete restrict on update cascade, constraint `pairing_cadre_id_foreign` foreign key(`cadre_id`) references `cadre`(`id`) on delete restrict on update cascade, constraint `pairing_county_id_foreign` foreign key(`county_id`) references `region`(`id`) on delete restrict on update cascade, constraint `pairing_township_id_foreign` foreign key(`township_id`) references `region`(`id`) on delete restrict on update cascade, constraint `pairing_village_id_foreign` foreign key(`village_id`) references `region`(`id`) on delete restrict on update cascade, constraint `pairing_started_by_id_foreign` foreign key(`started_by_id`) references `app_user`(`id`) on delete restrict on update cascade, constraint `pairing_ended_by_id_foreign` foreign key(`ended_by_id`) references `app_user`(`id`) on delete restrict on update cascade, primary key (`id`));");
    this.addSql('create index `pairing_county_id_status_index` on `pairing` (`county_id`, `status`);');
    this.addSql('create index `pairing_township_id_status_index` on `pairing` (`township_id`, `status`);');
    this.addSql('create index `pairing_cadre_id_status_index` on `pairing` (`cadre_id`, `status`);');
    this.addSql('create index `pairing_household_id_index` on `pairing` (`household_id`);');
    this.addSql("create unique index `pairing_household_active_unique` on `pairing` (`household_id`) where `status` = 'ACTIVE';");

    this.addSql('create table `pair_visit` (`id` text not null, `created_at` datetime not null, `updated_at` datetime not null, `pairing_id` text not null, `household_id` text not null, `cadre_id` text not null, `township_id` text not null, `visited_on` text not null, `notes` text not null, `needs` json not null, `demand_item_ids` json not null, `recorded_by_id` text null, constraint `pair_visit_pairing_id_foreign` foreign key(`pairing_id`) references `pairing`(`id`) on delete restrict on update cascade, constraint `pair_visit_household_id_foreign` foreign key(`household_id`) references `household`(`id`) on delete restrict on update cascade, constraint `pair_visit_cadre_id_foreign` foreign key(`cadre_id`) references `cadre`(`id`) on delete restrict on update cascade, constraint `pair_visit_township_id_foreign` foreign key(`township_id`) references `region`(`id`) on delete restrict on update cascade, constraint `pair_visit_recorded_by_id_foreign` foreign key(`recorded_by_id`) references `app_user`(`id`) on delete restrict on update cascade, primary key (`id`));');
    this.addSql('create index `pair_visit_pairing_id_index` on `pair_visit` (`pairing_id`);');
    this.addSql('create index `pair_visit_township_id_index` on `pair_visit` (`township_id`);');
  }

}
