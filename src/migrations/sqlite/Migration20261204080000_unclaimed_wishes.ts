import { Migration } from '@mikro-orm/migrations';
import { refreshSql } from '../../modules/report/demand-facts';

/**
 * A micro-wish no volunteer claimed in its days on the board goes to the desk (issue 18): a new
 * escalation reason, UNCLAIMED_WISH. SQLite cannot alter a check constraint; widening an IN list
 * changes nothing stored, so the table's declaration is rewritten in place (writable_schema, as in
 * the volunteers' migration) and the schema version bumped. The demand facts keep one bit per
 * escalation reason, in the enum's order, so every fact is rebuilt.
 */
export class Migration20261204080000_unclaimed_wishes extends Migration {

  override async up(): Promise<void> {
    const [{ schema_version: version }] = await this.execute('pragma schema_version');
    this.addSql('pragma writable_schema = on;');
    this.addSql("update sqlite_master set sql = replace(sql, '''LOW_RELEVANCE'', ''CAPACITY_EXHAUSTED'')', '''LOW_RELEVANCE'', ''CAPACITY_EXHAUSTED'', ''UNCLAIMED_WISH'')') where type = 'table' and name = 'escalation';");
    this.addSql(`pragma schema_version = ${Number(version) + 1};`);
    this.addSql('pragma writable_schema = off;');
    this.addSql(refreshSql(true, '1 = 1'));
  }

}
