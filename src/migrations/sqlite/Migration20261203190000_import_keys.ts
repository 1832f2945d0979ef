import { Migration } from '@mikro-orm/migrations';

/** Imported rows keep the key of the row they came from (the file's 编号, or a hash of content): a re-import finds them (issue 17). */
export class Migration20261203190000_import_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table `supply_item` add column `import_key` text null;');
    this.addSql('create unique index `supply_item_list_id_import_key_unique` on `supply_item` (`list_id`, `import_key`);');
    this.addSql('alter table `demand_item` add column `import_key` text null;');
    this.addSql('create unique index `demand_item_list_id_import_key_unique` on `demand_item` (`list_id`, `import_key`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index `demand_item_list_id_import_key_unique`;');
    this.addSql('alter table `demand_item` drop column `import_key`;');
    this.addSql('drop index `supply_item_list_id_import_key_unique`;');
    this.addSql('alter table `supply_item` drop column `import_key`;');
  }

}
