import { Migration } from '@mikro-orm/migrations';

/** Imported rows keep the key of the row they came from (the file's 编号, or a hash of content): a re-import finds them (issue 17). */
export class Migration20261203190001_import_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "supply_item" add column "import_key" varchar(80) null;`);
    this.addSql(`alter table "supply_item" add constraint "supply_item_list_id_import_key_unique" unique ("list_id", "import_key");`);

    this.addSql(`alter table "demand_item" add column "import_key" varchar(80) null;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_list_id_import_key_unique" unique ("list_id", "import_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "demand_item" drop constraint "demand_item_list_id_import_key_unique";`);
    this.addSql(`alter table "demand_item" drop column "import_key";`);

    this.addSql(`alter table "supply_item" drop constraint "supply_item_list_id_import_key_unique";`);
    this.addSql(`alter table "supply_item" drop column "import_key";`);
  }

}
