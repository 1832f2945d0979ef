import { Migration } from '@mikro-orm/migrations';

/**
 * Volunteers (党员志愿者) and the micro-wishes they claim (领办, issue 18): a new role and a new
 * assignment tier, and the assignment's volunteer. SQLite cannot alter a check constraint; widening
 * an IN list changes nothing stored (every row already passes the wider check), so the tables'
 * declarations are rewritten in place (writable_schema, as SQLite's documentation allows for such
 * changes) and the schema version bumped so that every connection reads them again.
 */
export class Migration20261204040000_volunteers extends Migration {

  override async up(): Promise<void> {
    const [{ schema_version: version }] = await this.execute('pragma schema_version');
    this.addSql('pragma writable_schema = on;');
    for (const table of ['app_user', 'event']) {
      this.addSql(`update sqlite_master set sql = replace(sql, '''ORGANIZATION_DEPARTMENT'', ''ADMIN'')', '''ORGANIZATION_DEPARTMENT'', ''ADMIN'', ''VOLUNTEER'')') where type = 'table' and name = '${table}';`);
    }
    this.addSql(`update sqlite_master set sql = replace(sql, '(''COUNTY'', ''CITY'', ''MANUAL'')', '(''COUNTY'', ''CITY'', ''MANUAL'', ''VOLUNTEER'')') where type = 'table' and name = 'assignment';`);
    this.addSql(`pragma schema_version = ${Number(version) + 1};`);
    this.addSql('pragma writable_schema = off;');
    this.addSql('alter table `assignment` add column `volunteer_id` text null constraint `assignment_volunteer_id_foreign` references `app_user` (`id`) on update cascade on delete restrict;');
    this.addSql('create index `assignment_volunteer_id_index` on `assignment` (`volunteer_id`);');
  }

}
