import { existsSync, writeFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import { AppError } from '../common/errors';
import { localContext } from '../context';
import { DemandItem } from '../modules/demand/demand-item.entity';
import { DemandList } from '../modules/demand/demand-list.entity';
import { duplicatesOfList, type DemandGroup } from '../modules/intake/demand-groups';
import { FileError } from '../modules/intake/intake-read';
import { importDemands, importSupply, importVisits, type ImportOptions, type ImportReport } from '../modules/intake/intake.service';
import { templateWorkbook } from '../modules/intake/intake-template';
import { CliError } from './cli-error';

/** `peican template` and `peican import`: the lists as offices keep them, in Excel (issue 17). */

type Values = Record<string, string | boolean | undefined>;
const KINDS = ['demands', 'supply', 'visits'] as const;
type Kind = (typeof KINDS)[number];

function kindOf(positionals: string[], command: string): Kind {
  const kind = positionals[0];
  if (positionals.length !== 1 || !KINDS.includes(kind as Kind)) throw new CliError(`say which list: "peican ${command} demands", "peican ${command} visits" (the household-visit survey) or "peican ${command} supply"`);
  return kind as Kind;
}

export async function writeTemplate(values: Values, positionals: string[], out: (line: string) => void): Promise<number> {
  const kind = kindOf(positionals, 'template');
  const file = typeof values.out === 'string' ? values.out : '';
  if (!file.toLowerCase().endsWith('.xlsx')) throw new CliError('give --out FILE ending in .xlsx');
  writeFileSync(file, await templateWorkbook(kind));
  out(`Wrote ${file}: the ${{ demands: 'demand list (需求侧清单)', visits: 'household-visit survey (入户走访调查摸底表)', supply: 'supply list (供给侧清单)' }[kind]} to fill in, and its 填写说明 sheet`);
  return 0;
}

/**
 * Progress as the rows go: one line redrawn on a terminal (rows, problems, rate, time left), a plain
 * line every 10,000 rows when the output is piped.
 */
function progress(write: (text: string) => void, tty: boolean): NonNullable<ImportOptions['onProgress']> {
  const started = new Map<string, number>();
  let lastLine = 0;
  return ({ phase, rows, problems, total }) => {
    const now = Date.now();
    if (!started.has(phase)) started.set(phase, now);
    const seconds = Math.max(0.001, (now - started.get(phase)!) / 1000);
    const rate = rows / seconds;
    const left = total !== null && rate > 0 ? ` · about ${Math.ceil((total - rows) / rate)} s left` : '';
    const done = total !== null ? `${rows.toLocaleString('en')} of ${total.toLocaleString('en')}` : rows.toLocaleString('en');
    const text = `${phase === 'check' ? 'checked' : 'written'} ${done} rows · ${problems} problems · ${Math.round(rate).toLocaleString('en')} rows/s${left}`;
    if (tty) write(`\r${text}\u001b[K`);
    else if (rows - lastLine >= 10_000 || (total !== null && rows === total)) {
      write(`${text}\n`);
      lastLine = rows;
    }
  };
}

export function describeReport(r: ImportReport): string[] {
  const lines: string[] = [];
  if (r.problemCount) {
    lines.push(`${r.problemCount} problem${r.problemCount === 1 ? '' : 's'} in ${r.rows} rows; nothing was written:`);
    for (const p of r.problems) lines.push(`  ${p.sheet ? `${p.sheet} ` : ''}row ${p.row}${p.column ? `, ${p.column}` : ''}${p.value ? ` "${p.value}"` : ''}: ${p.message}${p.allowed ? ` (allowed: ${p.allowed})` : ''}`);
    if (r.problemCount > r.problems.length) lines.push(`  … and ${r.problemCount - r.problems.length} more`);
    return lines;
  }
  const what = `${r.rows} rows: ${r.created} new, ${r.updated} changed, ${r.unchanged} as they were`;
  lines.push(r.dryRun ? `Dry run, nothing written: ${what}` : `Imported ${what}, into list ${r.list!.id} (${r.list!.status})`);
  if (r.kind !== 'supply' && r.list?.status === 'SUBMITTED' && r.created) lines.push('The list was already submitted: the new rows are late items (补报), drafts to submit one by one.');
  return lines;
}

/** A township's list is grouped whole after an import up to this size; a larger one (a bulk load) is left to the demandGroups query. */
const FLAG_DUPLICATES_UP_TO = 5_000;

/** 可能重复: each group flagged on the list, its members by id and title, for the organizer to merge or keep in the web app or over the API. */
export function describeDuplicates(groups: readonly DemandGroup[], titles: ReadonlyMap<string, string>): string[] {
  if (!groups.length) return [];
  const lines = [`${groups.length} possible duplicate${groups.length === 1 ? '' : 's'} in the township (merge with mergeDuplicates, or keep with keepDemandsApart):`];
  for (const g of groups) {
    const shared = g.shared.length ? ` (${g.shared.slice(0, 3).join('、')})` : '';
    lines.push(`  ${Math.round(g.similarity * 100)}% alike${shared}: ${g.members.map((m) => `${m.demandItemId} ${titles.get(m.demandItemId) ?? ''}`.trim()).join(' | ')}`);
  }
  return lines;
}

export async function runImport(config: Config, em: EntityManager, values: Values, positionals: string[], out: (line: string) => void): Promise<number> {
  const kind = kindOf(positionals, 'import');
  const file = typeof values.file === 'string' ? values.file : '';
  if (!file) throw new CliError('give --file F.xlsx (or F.csv)');
  if (!existsSync(file)) throw new CliError(`no file ${file}`);
  if (typeof values.campaign !== 'string') throw new CliError('give --campaign ID: the campaign the list belongs to');
  if (kind !== 'supply' && typeof values.township !== 'string') throw new CliError('give --township ID: the township whose demand list this is');
  if (kind === 'supply' && typeof values.department !== 'string') throw new CliError('give --department ID: the department whose supply list this is');
  const tty = !!process.stderr.isTTY;
  const options: ImportOptions = {
    campaignId: values.campaign, townshipId: values.township as string | undefined, departmentId: values.department as string | undefined,
    dryRun: values['dry-run'] === true, onProgress: progress((t) => process.stderr.write(t), tty),
  };
  // The command line is the operator's, as for the ledgers.
  const ctx = localContext(em, config);
  let report: ImportReport;
  try {
    report = await { demands: importDemands, visits: importVisits, supply: importSupply }[kind](ctx, file, file, options);
  } catch (e) {
    if (e instanceof FileError || e instanceof AppError) throw new CliError(e.message);
    throw e;
  } finally {
    if (tty) process.stderr.write('\n');
  }
  for (const line of describeReport(report)) out(line);
  const items = report.kind !== 'supply' && report.written && report.list ? await em.count(DemandItem, { list: report.list.id }) : 0;
  if (items > FLAG_DUPLICATES_UP_TO) {
    out(`The list holds ${items.toLocaleString('en')} demands: its possible duplicates are read with the demandGroups query (listed here up to ${FLAG_DUPLICATES_UP_TO.toLocaleString('en')})`);
  } else if (items) {
    const groups = await duplicatesOfList(ctx, await em.findOneOrFail(DemandList, { id: report.list!.id }));
    const members = await em.find(DemandItem, { id: { $in: groups.flatMap((g) => g.members.map((m) => m.demandItemId)) } }, { fields: ['id', 'title'] });
    for (const line of describeDuplicates(groups, new Map(members.map((d) => [d.id, d.title])))) out(line);
  }
  return report.problemCount ? 1 : 0;
}
