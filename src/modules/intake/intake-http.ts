import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Context } from '../../context';
import { badInput, notFound } from '../../common/errors';
import { FileError } from './intake-read';
import { assertMayImport, importDemands, importSupply, importVisits, type ImportReport } from './intake.service';
import { templateWorkbook } from './intake-template';

/**
 * POST /import/demands, /import/visits (the household-visit survey) or /import/supply?campaignId=…[&townshipId=…|&departmentId=…][&dryRun=true]
 * [&file=NAME], the file itself as the body (an .xlsx workbook or a .csv file; its kind from
 * `file`, else the content type), with the bearer token of the township's organizer or the
 * department's publisher. The body goes to a temporary file, streamed (never held in memory), and is
 * deleted after. Answers the import's report as JSON.
 */

/** The largest file taken (a 100,000-row list is about 15 MB as XLSX). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export class TooLarge extends Error {}

export async function importFromRequest(ctx: Context, req: IncomingMessage, url: URL): Promise<ImportReport> {
  const kind = url.pathname.endsWith('/supply') ? 'supply' : url.pathname.endsWith('/visits') ? 'visits' : 'demands';
  assertMayImport(ctx, kind);
  const campaignId = url.searchParams.get('campaignId');
  if (!campaignId) throw badInput('campaignId', 'Name the campaign the list belongs to: ?campaignId=…', 'a campaign id');
  const type = String(req.headers['content-type'] ?? '');
  const name = url.searchParams.get('file') ?? (type.includes('csv') ? 'upload.csv' : type.includes('spreadsheetml') ? 'upload.xlsx' : '');
  if (!name) throw new FileError('Say what the body is: ?file=NAME.xlsx or .csv, or the content type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const dir = await mkdtemp(join(tmpdir(), 'peican-import-'));
  const path = join(dir, name.toLowerCase().endsWith('.csv') ? 'upload.csv' : 'upload.xlsx');
  try {
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > MAX_IMPORT_BYTES ? new TooLarge(`The file is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB`) : null, chunk);
      },
    });
    await pipeline(req, limit, createWriteStream(path));
    const options = {
      campaignId, townshipId: url.searchParams.get('townshipId'), departmentId: url.searchParams.get('departmentId'),
      dryRun: ['1', 'true'].includes(url.searchParams.get('dryRun') ?? ''),
    };
    const importer = { demands: importDemands, supply: importSupply, visits: importVisits }[kind];
    return await importer(ctx, path, name, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The templates' file names, as an office saves them. */
const TEMPLATE_NAMES = { demands: '需求侧清单模板.xlsx', visits: '入户走访调查摸底表模板.xlsx', supply: '供给侧清单模板.xlsx' } as const;
type TemplateKind = keyof typeof TEMPLATE_NAMES;

export interface TemplateFile {
  body: Buffer;
  /** The response's headers: the workbook's type, and its Chinese file name (RFC 6266, with an ASCII fallback). */
  headers: Record<string, string>;
}

/**
 * GET /import/template/demands|visits|supply: the workbook `peican template` writes (intake-template.ts),
 * for the people who may import that kind (assertMayImport): a township organizer the demand list and
 * the visit survey, a department's publisher the supply list.
 */
export async function templateFromRequest(ctx: Context, url: URL): Promise<TemplateFile> {
  const kind = url.pathname.slice('/import/template/'.length).replace(/\.xlsx$/, '');
  if (!Object.hasOwn(TEMPLATE_NAMES, kind)) throw notFound('Template', kind);
  assertMayImport(ctx, kind as TemplateKind);
  const name = TEMPLATE_NAMES[kind as TemplateKind];
  return {
    body: await templateWorkbook(kind as TemplateKind),
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="peican-${kind}-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  };
}
