import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/** The ledgers (台账): XLSX and CSV over HTTP for an organization department, and from the command line. */

const demo = readDemoData();
let app: TestApp;
let org: string;
const dir = mkdtempSync(join(tmpdir(), 'peican-ledger-'));

beforeAll(async () => {
  app = await startApp(demo);
  org = await app.login('org-city');
  expect((await app.gql('mutation { runMatching(campaignId: "C-2019-WS") { id } }', {}, org)).errors).toBeUndefined();
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const exportUrl = (name: string, query = '') => app.url.replace(/\/graphql$/, `/export/${name}${query}`);

describe(`ledgers over HTTP (${DB_KIND})`, () => {
  it('an organization department downloads the workbook: one sheet per view, Chinese headers, frozen header row', async () => {
    const res = await fetch(exportUrl('ledger.xlsx', '?campaignId=C-2019-WS'), { headers: { authorization: `Bearer ${org}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['说明', '需求台账', '分旗县区', '分类别', '部门考核', '缺口分析', `党员领办${new Date().getUTCFullYear()}`, `办实事清单${new Date().getUTCFullYear()}`]);
    const ledger = book.getWorksheet('需求台账')!;
    expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Printed: A4 across, the columns fitted to the page's width, the header row on every page (each view alike).
    for (const ws of book.worksheets.slice(1)) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    }
    expect(ledger.getRow(1).values).toEqual([undefined, '编号', '旗县区', '苏木镇', '类别', '需求', '具体内容', '派单部门', '服务项目', '责任领导', '联络人', '联系电话', '状态', '承诺办结时限', '评价', '类别代码', '状态代码']);
    expect(ledger.rowCount).toBe(1 + 114);
    expect(ledger.getColumn(6).width).toBeGreaterThan(30);
    const d001 = ledger.getRow(2).values as unknown[];
    expect(d001.slice(1, 9)).toEqual(['D-001', '五原县', '塔尔湖镇', '送科技', '温室大棚番茄灰霉病防治', expect.stringContaining('灰霉病'), '五原县农牧和科技局', '五原县设施大棚番茄灰霉病防治']);
    expect(d001[12]).toBe('已派单');
    const county = book.getWorksheet('分旗县区')!;
    expect(county.getRow(2).values).toEqual(expect.arrayContaining([114, 23, 83]));
  });

  it('gives the demand ledger as CSV with a BOM, and refuses others', async () => {
    const res = await fetch(exportUrl('ledger.csv'), { headers: { authorization: `Bearer ${org}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(115);
    expect(lines[0].startsWith('编号,旗县区,苏木镇,类别,需求,具体内容')).toBe(true);
    expect((await fetch(exportUrl('ledger.csv'))).status).toBe(401);
    const township = await app.login('township-tarhu');
    expect((await fetch(exportUrl('ledger.xlsx'), { headers: { authorization: `Bearer ${township}` } })).status).toBe(403);
    expect((await fetch(exportUrl('ledger.xlsx', '?campaignId=NOPE'), { headers: { authorization: `Bearer ${org}` } })).status).toBe(404);
  });
});

describe('peican export', () => {
  // The command runs on its own SQLite file (DATABASE_URL), whatever database the rest of the file uses.
  it.runIf(DB_KIND === 'sqlite')('writes the workbook of the latest campaign, or the CSV, from the command line', async () => {
    const db = join(dir, 'cli.sqlite');
    vi.stubEnv('DATABASE_URL', `sqlite:${db}`);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['seed', '--demo'])).toBe(0);
      expect(await main(['export', '--out', join(dir, 'ledger.xlsx')])).toBe(0);
      expect(await main(['export', '--campaign', 'C-2019-WS', '--out', join(dir, 'ledger.csv')])).toBe(0);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(await main(['export', '--out', join(dir, 'ledger.pdf')])).toBe(1);
      err.mockRestore();
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'ledger.xlsx'));
    expect(book.getWorksheet('需求台账')!.rowCount).toBe(115);
    expect(readFileSync(join(dir, 'ledger.csv'), 'utf8').split('\r\n')[0]).toContain('编号');
  });
});
