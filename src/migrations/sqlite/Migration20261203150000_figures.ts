import { Migration } from '@mikro-orm/migrations';
import { refreshSql } from '../../modules/report/demand-facts';

/**
 * Figures that agree (issue 15): a demand's facts keep the due date of a leader holding it (its
 * overdue counts), and their bits of state gain "resolved" (the department's service completed) and
 * count as completed every demand completed or closed, a leader's too; a demand keeps when it was
 * submitted (with its list, or on its own: 补报). Every fact is rebuilt.
 */
export class Migration20261203150000_figures extends Migration {

  override async up(): Promise<void> {
    this.addSql('alter table `demand_fact` add column `leader_due_date` text null;');
    // 补报: an item submitted on its own, after its list; the days to accept and complete count from its own submission.
    this.addSql('alter table `demand_item` add column `submitted_at` datetime null;');
    this.addSql(refreshSql(true, '1 = 1'));
  }

  override async down(): Promise<void> {
    this.addSql('alter table `demand_fact` drop column `leader_due_date`;');
    this.addSql('alter table `demand_item` drop column `submitted_at`;');
  }

}
