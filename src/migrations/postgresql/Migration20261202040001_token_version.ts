import { Migration } from '@mikro-orm/migrations';

/** The generation of each user's tokens (src/modules/user/user.entity.ts): moving it on ends every earlier token. */
export class Migration20261202040001_token_version extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table "app_user" add column "token_version" int not null default 0;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "app_user" drop column "token_version";');
  }

}
