import '../../src/common/exceljs-utf8';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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
