import '../../common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { DEMAND_COLUMNS, SUPPLY_COLUMNS, VISIT_COLUMNS, type Column } from './intake-columns';

/**
 * The templates offices fill in (`peican template demands|visits|supply`): the list's sheet with its header
 * row, one example row and drop-downs for the columns that take one of a few values, then a sheet
 * (填写说明) saying what goes in each column. The import reads the first sheet.
 */

/** Rows that carry the drop-downs. */
const ROWS = 2000;

const columnLetter = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

const SHEETS = {
  demands: { name: '需求侧清单', columns: DEMAND_COLUMNS as readonly Column[] },
  visits: { name: '入户走访调查摸底表', columns: VISIT_COLUMNS as readonly Column[] },
  supply: { name: '供给侧清单', columns: SUPPLY_COLUMNS as readonly Column[] },
};

export async function templateWorkbook(kind: keyof typeof SHEETS): Promise<Buffer> {
  const { name, columns } = SHEETS[kind];
  const book = new ExcelJS.Workbook();
  book.creator = 'peican';
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: Math.max(10, Math.min(40, c.example.length * 2 + 4)) }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));
  columns.forEach((c, i) => {
    if (!c.choices) return;
    const letter = columnLetter(i + 1);
    // Several forms go in one cell (宣讲、培训): their drop-down warns, the others refuse.
    const many = c.key === 'forms';
    for (let row = 2; row <= ROWS; row++) {
      sheet.getCell(`${letter}${row}`).dataValidation = {
        type: 'list', allowBlank: !c.required, formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true, errorStyle: many ? 'warning' : 'stop', errorTitle: c.header, error: `可填：${c.choices.join('、')}`,
      };
    }
  });
  const help = book.addWorksheet('填写说明');
  help.columns = [{ header: '列', key: 'header', width: 14 }, { header: '必填', key: 'required', width: 6 }, { header: '填写说明', key: 'help', width: 90 }, { header: '例', key: 'example', width: 30 }];
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow({ header: c.header, required: c.required ? '是' : '', help: c.help, example: c.example });
  help.addRow({});
  help.addRow({ header: '说明', help: '第一张表是清单：标题行、空行可以保留，表头那一行要有上面的列名（列的先后随意，不用的选填列可以删掉）。日期写 2020-05-10、2020/5/10 或 2020年5月10日都行。同一个文件再导入一次不会重复添加；改过的行会更新草稿里对应的需求。' });
  return Buffer.from(await book.xlsx.writeBuffer());
}
