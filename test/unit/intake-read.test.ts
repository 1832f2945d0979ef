import '../../src/common/exceljs-utf8';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { DEMAND_COLUMNS } from '../../src/modules/intake/intake-columns';
import { readRecords } from '../../src/modules/intake/intake-read';

/**
 * A large workbook streamed: ExcelJS's own reader turned a character split across two chunks of a
 * worksheet's XML into "��" (src/common/exceljs-utf8.ts); every cell must come back as written.
 */
it('streams a 20,000-row Chinese workbook back cell for cell, no character broken at a chunk boundary', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'peican-read-')), 'big.xlsx');
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const sheet = writer.addWorksheet('需求侧清单');
  sheet.addRow(['类别', '需求', '具体内容', '服务形式']).commit();
  const content = (i: number) => `村里${i % 97}户想请农技员来看看大棚番茄，第${i}项：叶子发黄、果子烂，一只接一只地坏`;
  for (let i = 0; i < 20_000; i++) sheet.addRow(['送科技', `需求第${i}项`, content(i), '上门指导、培训']).commit();
  await sheet.commit();
  await writer.commit();
  let rows = 0;
  for await (const r of readRecords(file, 'xlsx', DEMAND_COLUMNS)) {
    expect(r.problems).toEqual([]);
    expect(r.values.content).toBe(content(rows));
    rows++;
  }
  expect(rows).toBe(20_000);
}, 60_000);

/**
 * A workbook whose worksheet is stored before xl/workbook.xml (ExcelJS's writer stores its parts in
 * whichever order its writes finish): the streaming reader cannot name the sheet and fails before its
 * first row; it is read whole instead, every row back.
 */
it('reads a workbook whose worksheet comes before its workbook part in the zip', async () => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('需求侧清单');
  sheet.addRow(['类别', '需求', '具体内容', '服务形式']);
  sheet.addRow(['送科技', '鸡一只接一只地死', '家里的鸡这几天一只接一只地死', '上门指导']);
  const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  // The workbook's relations and the shared strings, then the worksheet, the workbook part after it.
  const first = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', ...names.filter((n) => n.startsWith('xl/worksheets/'))];
  const order = [...first, ...names.filter((n) => !first.includes(n))];
  expect(order.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(order.indexOf('xl/workbook.xml'));
  const reordered = new JSZip();
  for (const n of order) reordered.file(n, await zip.files[n].async('uint8array'));
  const file = join(mkdtempSync(join(tmpdir(), 'peican-read-')), 'reordered.xlsx');
  writeFileSync(file, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const rows = [];
  for await (const r of readRecords(file, 'xlsx', DEMAND_COLUMNS)) rows.push(r);
  expect(rows).toHaveLength(1);
  expect(rows[0].values).toMatchObject({ title: '鸡一只接一只地死', category: 'TECHNOLOGY' });
});
