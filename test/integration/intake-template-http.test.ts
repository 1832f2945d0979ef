import '../../src/common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../seeds/seeder';
import { DB_KIND, startApp, type TestApp } from '../support/app';

/**
 * GET /import/template/demands|visits|supply (issue 17, the web app's 下载模板): the workbook
 * `peican template` writes, under a Chinese file name, for the people who may import that kind.
 */

let app: TestApp;
let as: (user: string) => string;
beforeAll(async () => {
  app = await startApp(readDemoData());
  as = await app.loginAll(['township-tarhu', 'dept-wuyuan-nk', 'org-city', 'admin']);
});
afterAll(() => app?.close());

const get = (kind: string, token?: string, method = 'GET') =>
  fetch(new URL(`/import/template/${kind}`, app.url), { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
const codeOf = async (res: Response) => ((await res.json()) as any).errors?.[0]?.extensions?.code as string | undefined;
/** The file name a browser saves the answer under: RFC 6266's filename*, UTF-8. */
const fileName = (res: Response) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? '');

describe(`the import templates over HTTP (${DB_KIND})`, () => {
  it('answers each kind\'s workbook with its Chinese file name to those who import it', async () => {
    for (const [kind, user, name, sheet, header] of [
      ['demands', 'township-tarhu', '需求侧清单模板.xlsx', '需求侧清单', '类别*'],
      ['visits', 'township-tarhu', '入户走访调查摸底表模板.xlsx', '入户走访调查摸底表', '户主*'],
      ['supply', 'dept-wuyuan-nk', '供给侧清单模板.xlsx', '供给侧清单', '服务容量*'],
    ]) {
      const res = await get(kind, as(user));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
      expect(fileName(res)).toBe(name);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await res.arrayBuffer()) as never);
      expect(book.worksheets.map((w) => w.name)).toEqual([sheet, '填写说明']);
      expect(book.worksheets[0].getRow(1).values).toContain(header);
    }
  });

  it('refuses the others: another role\'s kind, the organization department, the admin; no token; an unknown kind; not GET', async () => {
    expect((await get('demands')).status).toBe(401);
    for (const [kind, user] of [['supply', 'township-tarhu'], ['demands', 'dept-wuyuan-nk'], ['visits', 'dept-wuyuan-nk'], ['demands', 'org-city'], ['supply', 'admin']]) {
      const res = await get(kind, as(user));
      expect([kind, user, res.status]).toEqual([kind, user, 403]);
      expect(await codeOf(res)).toBe('FORBIDDEN');
    }
    const unknown = await get('ledger', as('township-tarhu'));
    expect(unknown.status).toBe(404);
    expect(await codeOf(unknown)).toBe('NOT_FOUND');
    expect((await get('demands', as('township-tarhu'), 'POST')).status).toBe(405);
  });
});
