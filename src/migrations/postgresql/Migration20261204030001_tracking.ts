import { Migration } from '@mikro-orm/migrations';
import { newTrackingCodes } from '../../modules/tracking/tracking-code';

/**
 * 查询码 (issue 18): every demand a tracking code from its submission, unique. The demands already
 * submitted get theirs here (those that left DRAFT, but for a draft merged into another without ever
 * being submitted), in chunks of one statement each.
 */
export class Migration20261204030001_tracking extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "demand_item" add column "tracking_code" varchar(20) null;`);
    this.addSql(`alter table "demand_item" add constraint "demand_item_tracking_code_unique" unique ("tracking_code");`);
    const rows = (await this.execute(
      `select id from demand_item di where di.status <> 'DRAFT' and (di.submitted_at is not null or di.status <> 'WITHDRAWN'
        or exists (select 1 from event e where e.demand_item_id = di.id and e.action = 'SUBMITTED')) order by di.id`,
    )) as { id: string }[];
    const codes = newTrackingCodes(rows.length);
    const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const cases = chunk.map((r, j) => `when ${quote(r.id)} then ${quote(codes[i + j])}`).join(' ');
      this.addSql(`update "demand_item" set "tracking_code" = case "id" ${cases} end where "id" in (${chunk.map((r) => quote(r.id)).join(', ')});`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "demand_item" drop constraint "demand_item_tracking_code_unique";`);
    this.addSql(`alter table "demand_item" drop column "tracking_code";`);
  }

}
