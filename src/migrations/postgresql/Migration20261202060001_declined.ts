import { Migration } from '@mikro-orm/migrations';

/** A new escalation reason, DECLINED (every fitting item declined the demand); the demand facts rebuilt, their bits of state following the reasons in order. */
export class Migration20261202060001_declined extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table "escalation" drop constraint if exists "escalation_reason_check";');
    this.addSql(`alter table "escalation" add constraint "escalation_reason_check" check("reason" in ('HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'DECLINED', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED'));`);
    // The facts themselves are built by the last migration that changes their shape (refreshSql writes today's shape).
  }

  override async down(): Promise<void> {
    this.addSql(`update "escalation" set "reason" = 'LOW_RELEVANCE' where "reason" = 'DECLINED';`);
    this.addSql('alter table "escalation" drop constraint if exists "escalation_reason_check";');
    this.addSql(`alter table "escalation" add constraint "escalation_reason_check" check("reason" in ('HARD_CASE', 'NO_SUPPLY_IN_CATEGORY', 'NOT_COVERED', 'OUTSIDE_TIME_WINDOW', 'LOW_RELEVANCE', 'CAPACITY_EXHAUSTED'));`);
  }

}
