import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutralizeCell } from '../../src/modules/report/ledger';
import { DB_KIND, startApp, type TestApp } from '../support/app';
import { smallWorld, TARHU } from '../support/fixture';
import { expectUnchanged, snapshot } from './support';

/**
 * The ledger export (台账) against what a township can put in it: a title that a spreadsheet would
 * run as a formula (CSV injection), and a cache that could keep its phone numbers.
 */

/** Titles a township organizer typed; each must come out as text, never a formula. */
const FORMULAS = ['=HYPERLINK("http://evil","x")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)'];

let app: TestApp;
let as: (username: string) => string;
let campaignId: string;

beforeAll(async () => {
  app = await startApp(smallWorld());
  as = await app.loginAll(['admin', 'township-tarhu', 'org-city']);
  // A campaign of its own, so the township can start a list in it (the seeded one has its list already).
  const campaign = await app.gql('mutation { createCampaign(input: { name: "2020年夏季服务行动", startsOn: "2020-05-01", endsOn: "2020-08-31" }) { id } }', {}, as('admin'));
  campaignId = campaign.data.createCampaign.id;
  const list = await app.gql('mutation($campaignId: ID!, $townshipId: ID!) { createDemandList(input: { campaignId: $campaignId, townshipId: $townshipId }) { id } }', { campaignId, townshipId: TARHU }, as('township-tarhu'));
  const listId = list.data.createDemandList.id;
  for (const title of FORMULAS) {
    const added = await app.gql('mutation($i: AddDemandItemInput!) { addDemandItem(input: $i) { id title } }', {
      i: { listId, category: 'TECHNOLOGY', title, content: `${title} 全镇葵花种植户80余户，希望农技人员入户指导`, forms: ['ON_SITE'], beneficiaries: 80 },
    }, as('township-tarhu'));
    expect(added.errors).toBeUndefined();
    expect(added.data.addDemandItem.title).toBe(title);
  }
  expect((await app.gql('mutation($id: ID!) { submitDemandList(id: $id) { status } }', { id: listId }, as('township-tarhu'))).data.submitDemandList.status).toBe('SUBMITTED');
});
afterAll(() => app?.close());

const exportUrl = (name: string) => app.url.replace(/\/graphql$/, `/export/${name}?campaignId=${campaignId}`);
const download = (name: string) => fetch(exportUrl(name), { headers: { authorization: `Bearer ${as('org-city')}` } });

/** RFC 4180 fields of one CSV line (no line breaks inside fields here). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
  return fields;
}

describe(`CSV formula injection in the ledger (${DB_KIND})`, () => {
  it('a title like =HYPERLINK("http://evil","x") comes out of the CSV ledger as text, with a leading apostrophe', async () => {
    const before = await snapshot(app);
    const res = await download('ledger.csv');
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\ufeff/, '').trimEnd().split('\r\n');
    const titles = lines.slice(1).map((line) => csvFields(line)[4]);
    expect(titles.sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
    const contents = lines.slice(1).map((line) => csvFields(line)[5]);
    expect(contents.every((c) => c.startsWith("'"))).toBe(true);
    await expectUnchanged(app, before);
  });

  it('the same titles come out of the workbook as text cells with a leading apostrophe, never formulas', async () => {
    const before = await snapshot(app);
    const res = await download('ledger.xlsx');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ledger = book.getWorksheet('需求台账')!;
    const titles: unknown[] = [];
    ledger.eachRow((row, n) => {
      if (n === 1) return;
      const cell = row.getCell(5);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      titles.push(cell.value);
    });
    expect(titles.sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
    // No cell of any sheet is a formula, or a text that starts like one.
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }));
    }
    await expectUnchanged(app, before);
  });

  it.each([['=', '=1+1'], ['+', '+8613900000001'], ['-', '-1'], ['@', '@A1'], ['tab', '\t=1'], ['carriage return', '\r=1']])(
    'a cell starting with %s is prefixed; one starting otherwise is left alone',
    (_case, text) => {
      expect(neutralizeCell(text)).toBe(`'${text}`);
      expect(neutralizeCell(`x${text}`)).toBe(`x${text}`);
      expect(neutralizeCell('')).toBe('');
    },
  );
});

describe(`the ledger export and caches (${DB_KIND})`, () => {
  it('both ledgers are sent with Cache-Control: no-store (they carry phone numbers)', async () => {
    const before = await snapshot(app);
    for (const name of ['ledger.csv', 'ledger.xlsx']) {
      const res = await download(name);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      await res.arrayBuffer();
    }
    // A refusal too: it says nothing private, but nothing on this path is kept.
    const refused = await fetch(exportUrl('ledger.csv'), { headers: { authorization: `Bearer ${as('township-tarhu')}` } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    await expectUnchanged(app, before);
  });
});
