import { Migration } from '@mikro-orm/migrations';
import { refreshSql } from '../../modules/report/demand-facts';

/**
 * A micro-wish no volunteer claimed in its days on the board goes to the desk (issue 18): a new
 * escalation reason, UNCLAIMED_WISH. The demand facts keep one bit per escalation reason, in the
 * enum's order, so every fact is rebuilt.
 */
export class Migration20261204080001_unclaimed_wishes extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table "escalation" drop constraint if exists "escalation_reason_check";');
    this.addSql(`alter table "escalation" add constraint "escalation_reason_check" check("reason" in ('HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'DECLINED', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED', 'UNCLAIMED_WISH'));`);
    this.addSql(refreshSql(false, '1 = 1'));
  }

}
