import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { seedDemo } from '../seeds/seeder';
import { projectRoot } from '../src/common/paths';
import { loadConfig, parseDatabaseUrl, type DatabaseConfig } from '../src/config';
import { localContext } from '../src/context';
import { initORM, migrate } from '../src/db';
import { importDemands, type ImportReport } from '../src/modules/intake/intake.service';
import { prng } from './generate';

/**
 * Large files (issue 17): a township's demand list of N rows, as CSV and as XLSX, imported into a
 * fresh database seeded with the demo data, then imported again (which must add nothing). Each
 * import runs in a process of its own, so that its peak RSS is its own: the point is whether memory
 * grows with the file.
 *
 *   npm run bench:import [-- --rows 10000,100000] [-- --db sqlite,postgres] [-- --format csv,xlsx] [-- --via importer|cli] [-- --keep]
 *
 * The child is this script again (`--child`), calling importDemands (src/modules/intake) as the
 * command line and POST /import/demands do, over its own ORM; with `--via cli` it is the compiled
 * command line itself, `node dist/src/cli/main.js import demands …`, which also does what the
 * command does after an import (at the time of writing: listing the township's possible duplicates).
 *
 * PostgreSQL: PEICAN_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a database
 * created beside it for each import and dropped after (never the one the URL names); skipped when
 * the server cannot be reached. Peak RSS is the child's "Maximum resident set size" from
 * /usr/bin/time -v (else its own process.resourceUsage().maxRSS); a small preload in the child
 * also samples, every 100 ms, its anonymous resident memory (RssAnon: RSS without the pages of
 * files mapped in, which on SQLite include the database file: mmap_size is 1 GB) and V8's heap,
 * and takes the heap just after each full collection (what the import still holds). Each import's
 * report and the list's items in the database are checked: N new, then N as they were.
 */

const CAMPAIGN = 'C-2019-WS';
const TOWNSHIP = '150821102'; // 塔尔湖镇 of 五原县: a submitted list in the demo, so the rows come in as late items (补报)
const VILLAGES = ['联丰村', '塔尔湖村'];
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' }, via: { type: 'string' }, keep: { type: 'boolean' },
    // The child's own: import this file into this database and say how it went.
    child: { type: 'boolean' }, file: { type: 'string' }, 'database-url': { type: 'string' },
  },
  strict: true,
});
const VIA = args.via ?? 'importer';
if (VIA !== 'importer' && VIA !== 'cli') throw new Error(`--via: "${VIA}" is not importer or cli`);
const listOf = (text: string | undefined, fallback: string[]) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : fallback);
const SIZES = listOf(args.rows, ['10000', '100000']).map((s) => {
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rows: "${s}" is not a whole number of rows`);
  return n;
}).sort((a, b) => a - b);
const DBS = listOf(args.db, ['sqlite', 'postgres']).map((d) => {
  if (d === 'sqlite') return 'sqlite' as const;
  if (d === 'postgres' || d === 'postgresql' || d === 'pg') return 'postgresql' as const;
  throw new Error(`--db: "${d}" is not sqlite or postgres`);
});
const FORMATS = listOf(args.format, ['csv', 'xlsx']).map((f) => {
  if (f !== 'csv' && f !== 'xlsx') throw new Error(`--format: "${f}" is not csv or xlsx`);
  return f as 'csv' | 'xlsx';
});
const PG_URL = process.env.PEICAN_BENCH_PG_URL || DEFAULT_PG_URL;
const CLI = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const SELF = __filename;
const TIME = '/usr/bin/time';

// ---------------------------------------------------------------------------------------------
// The rows: a township's list as its villages' groups write it
// ---------------------------------------------------------------------------------------------

interface Topic {
  title: string;
  detail: string;
  forms: string[];
}
/** Per category (the cell as it is written, 送科技 or 科技), what is asked for and how. */
const TOPICS: [string[], Topic[]][] = [
  [['送理论', '理论'], [
    { title: '乡村振兴政策宣讲', detail: '想听听乡村振兴到底给村里带来啥，最好用大白话讲', forms: ['宣讲'] },
    { title: '党的二十大精神进村宣讲', detail: '党员和群众想集中学一次，冬闲时人齐', forms: ['宣讲', '咨询'] },
    { title: '民族团结进步教育', detail: '蒙汉群众杂居，想请宣讲团讲讲民族团结的故事', forms: ['宣讲'] },
    { title: '农村党员冬训辅导', detail: '无职党员多，年龄偏大，希望有人来辅导学习', forms: ['培训'] },
    { title: '移风易俗宣讲', detail: '红白事大操大办，彩礼高，想请人来讲讲新风尚', forms: ['宣讲'] },
    { title: '法治宣传进村', detail: '土地流转、赡养老人的纠纷多，想请人讲讲法', forms: ['宣讲', '咨询'] },
  ]],
  [['送政策', '政策'], [
    { title: '城乡居民养老保险缴费政策解读', detail: '不知道交哪一档划算，交满多少年能领多少', forms: ['咨询', '宣讲'] },
    { title: '医保报销政策讲解', detail: '住院报销比例、慢病门诊怎么办，老人们弄不清楚', forms: ['咨询'] },
    { title: '耕地地力保护补贴政策咨询', detail: '流转出去的地补贴归谁，想请农牧局的人讲清楚', forms: ['咨询'] },
    { title: '低保和临时救助政策', detail: '家里有病人的几户想问问能不能申请，要准备啥材料', forms: ['咨询', '上门指导'] },
    { title: '高标准农田建设政策', detail: '想知道明年有没有项目，地块怎么报', forms: ['宣讲'] },
    { title: '创业担保贷款政策', detail: '返乡的年轻人想养羊开店，想问贴息贷款怎么办', forms: ['咨询'] },
  ]],
  [['送科技', '科技', '技术'], [
    { title: '温室大棚番茄灰霉病防治', detail: '冬季大棚番茄、黄瓜出现灰霉病，叶子发黄长霉', forms: ['上门指导'] },
    { title: '肉羊舍饲养殖技术培训', detail: '羊羔拉稀、母羊不发情，想学学科学饲养', forms: ['培训', '上门指导'] },
    { title: '葵花列当防治', detail: '去年葵花地里列当多，减产厉害，今年想提前防', forms: ['培训'] },
    { title: '河套蜜瓜种植技术', detail: '想扩种蜜瓜，不懂吊蔓整枝和水肥', forms: ['培训', '上门指导'] },
    { title: '盐碱地改良技术指导', detail: '地里返碱，出苗不齐，想请专家看看怎么改', forms: ['上门指导'] },
    { title: '滴灌水肥一体化技术', detail: '村里刚上了滴灌，好多户不会用，肥料配不对', forms: ['培训'] },
    { title: '奶牛乳房炎防治', detail: '几户的奶牛得了乳房炎，奶站拒收，损失不小', forms: ['上门指导'] },
    { title: '农产品电商直播培训', detail: '想学在手机上卖葵花籽和蜜瓜，年轻人有兴趣', forms: ['培训'] },
  ]],
  [['送健康', '健康', '医疗'], [
    { title: '老年人健康体检', detail: '六十岁以上老人多，好几年没体检了', forms: ['义诊'] },
    { title: '高血压糖尿病慢病随访', detail: '吃着药血压还是高，想请大夫来量量、调调药', forms: ['义诊', '上门指导'] },
    { title: '两癌筛查', detail: '妇女们想做宫颈癌、乳腺癌检查，去城里不方便', forms: ['义诊'] },
    { title: '家庭医生签约服务', detail: '签了约不知道能干啥，想有个大夫能打电话问', forms: ['咨询', '上门指导'] },
    { title: '中医理疗义诊', detail: '腰腿疼的老人多，想请中医来扎扎针、拔拔罐', forms: ['义诊'] },
    { title: '儿童口腔检查', detail: '娃娃们牙坏得多，想请牙医来学校看看', forms: ['义诊'] },
  ]],
  [['送服务', '服务'], [
    { title: '农民工工资清欠', detail: '在外面打工的几户，年底工钱还没结', forms: ['咨询'] },
    { title: '法律援助咨询', detail: '土地承包、借款纠纷，不知道该找谁', forms: ['咨询'] },
    { title: '农机维修', detail: '拖拉机、播种机坏了，春耕前想修好', forms: ['上门指导'] },
    { title: '自来水管网维修', detail: '冬天水管冻裂，好几户吃不上水', forms: ['上门指导'] },
    { title: '社保卡激活办理', detail: '老人们的社保卡没激活，去镇上不方便', forms: ['上门指导'] },
    { title: '残疾证办理', detail: '几位残疾人一直没办证，想请人上门评定', forms: ['上门指导', '咨询'] },
  ]],
  [['送文化', '文化'], [
    { title: '乌兰牧骑慰问演出', detail: '冬闲时想看场演出，村里老人都爱看二人台', forms: ['演出'] },
    { title: '电影下乡放映', detail: '村里好久没放电影了，想在文化广场放几场', forms: ['放映'] },
    { title: '农家书屋图书更新', detail: '书屋的书旧了，想要些种养殖和孩子看的书', forms: ['捐赠'] },
    { title: '广场舞培训', detail: '晚上跳舞的妇女多，想请老师来教几支新舞', forms: ['培训'] },
    { title: '送春联送年画', detail: '过年前想请书法家来写春联', forms: ['其他'] },
    { title: '文化活动室设备', detail: '活动室缺音响和桌椅，开会唱歌都不方便', forms: ['捐赠'] },
  ]],
  [['送温暖', '温暖'], [
    { title: '困难户冬季慰问', detail: '几户困难群众冬天取暖煤不够', forms: ['走访慰问', '捐赠'] },
    { title: '独居老人探访', detail: '子女在外打工，老人一个人住，腿脚不好', forms: ['走访慰问'] },
    { title: '留守儿童关爱', detail: '爸妈在外打工，娃娃跟着爷爷奶奶，学习没人管', forms: ['走访慰问', '其他'] },
    { title: '残疾人慰问', detail: '重度残疾的几户生活困难，想请上级来看看', forms: ['走访慰问'] },
    { title: '特困供养人员送棉衣棉被', detail: '五保老人的棉被薄了，过冬难', forms: ['捐赠'] },
    { title: '退役军人走访慰问', detail: '老兵年纪大了，过节想有人来看看', forms: ['走访慰问'] },
  ]],
];
const WEIGHTS = [6, 12, 30, 16, 16, 10, 10]; // of 100: more 送科技 than 送理论, as lists have it
const GROUPS = ['一组', '二组', '三组', '四组', '五组', '六组', '七组', '八组', '九组', '十组', '十一组', '十二组'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎'];
const WHO = ['家', '姓几户', '家等几户', '家牵头'];
const TAILS = ['', '的需求', '问题', '（急）', '（冬闲时）', '（春耕前）', '求助', '（再次反映）'];
const OPENINGS = ['', '', '村民反映：', '入户走访时群众提出，', '据村两委摸底，', '老百姓说，', '群众盼着'];
const CLOSINGS = ['', '，越快越好', '，冬闲时最好', '，希望尽快安排', '，群众呼声很高', '。谢谢', '，希望上级帮忙解决'];
const EXTRAS = [
  '，去年也报过，一直没解决', '，村里年轻人都出去打工了', '，离镇上远，路不好走', '，老人多，不会用手机', '，上次来的专家讲得好，还想再请',
  '，群里说了好几回', '，大家都着急', '，能在腊月前就好了', '，家里有病人，走不开', '，希望派懂行的人来', '，村委会可以提供场地', '，最好周末来，人齐',
];
const PRIORITIES = [['一般', 85], ['困难群众', 10], ['紧急', 5]] as const;
const KINDS = [['共性问题', 70], ['个性问题', 28], ['历史遗留/老大难', 2]] as const;
const SOURCES = ['入户走访', '需求表', '微信群', '座谈会', '热线'];
const HEADER = ['编号', '村（社区）', '类别', '需求', '具体内容', '服务形式', '开始日期', '结束日期', '受益人数', '优先', '问题类型', '来源'];

type Row = (string | number | Date | null)[];

/**
 * Row i of every file (the 10,000-row file is the first 10,000 rows of the 100,000-row one).
 * Titles are distinct within a category (the key of a row without 编号): each category's k-th row
 * takes the k-th element of a permutation of (topic, group, surname, who, tail); 30% of the rows
 * carry an 编号.
 */
function rows(count: number, seed = 17): Generator<Row> {
  const r = prng(seed);
  const counters = TOPICS.map(() => 0);
  const weighted = (pairs: readonly (readonly [string, number])[]) => {
    let x = r.int(100);
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[0][0];
  };
  const day = (from: number, span: number) => new Date(Date.UTC(2019, 11, 1) + (from + r.int(span)) * 86_400_000);
  return (function* () {
    for (let i = 0; i < count; i++) {
      let c = 0;
      for (let x = r.int(100); (x -= WEIGHTS[c]) >= 0; ) c++;
      const [names, topics] = TOPICS[c];
      const space = topics.length * GROUPS.length * SURNAMES.length * WHO.length * TAILS.length;
      const k = counters[c]++;
      // A bijection of 0..space-1 (the multiplier is prime to space), so that neighbouring rows differ everywhere.
      let j = Number((BigInt(k % space) * 7919n + 104_729n) % BigInt(space));
      const topic = topics[j % topics.length]; j = Math.floor(j / topics.length);
      const group = GROUPS[j % GROUPS.length]; j = Math.floor(j / GROUPS.length);
      const surname = SURNAMES[j % SURNAMES.length]; j = Math.floor(j / SURNAMES.length);
      const who = WHO[j % WHO.length]; j = Math.floor(j / WHO.length);
      const tail = TAILS[j % TAILS.length];
      const round = Math.floor(k / space); // past the space (over 140,000 rows of a category): a numbered round
      const village = r.next() < 0.9 ? VILLAGES[r.int(VILLAGES.length)] : null;
      const households = 2 + r.int(who === '家' ? 3 : 60);
      const forms = r.next() < 0.2 ? [...new Set([...topic.forms, r.pick(['培训', '咨询', '上门指导'])])] : topic.forms;
      let start: Date | null = null;
      let end: Date | null = null;
      if (r.next() < 0.4) {
        start = day(0, 120);
        end = new Date(Math.min(start.getTime() + (10 + r.int(50)) * 86_400_000, Date.UTC(2020, 3, 30)));
      }
      const written = (d: Date | null) => {
        if (!d) return null;
        const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        return r.pick([`${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`, `${y}/${m}/${dd}`, `${y}年${m}月${dd}日`, d]);
      };
      yield [
        r.next() < 0.3 ? `TEH-2020-${String(i + 1).padStart(6, '0')}` : null,
        village,
        r.pick(names),
        `${group}${surname}${who}${topic.title}${tail}${round ? `（第${round + 1}批）` : ''}`,
        `${r.pick(OPENINGS)}${village ? village + group : '镇上'}${surname}${who === '家' ? '家' : '姓'}等${households}户，${topic.detail}` +
          `${c === 2 && r.next() < 0.6 ? `，涉及${10 + r.int(490)}亩` : ''}${r.next() < 0.5 ? r.pick(EXTRAS) : ''}${r.next() < 0.2 ? r.pick(EXTRAS) : ''}${r.pick(CLOSINGS)}`,
        forms.join('、'),
        written(start), written(end),
        r.next() < 0.85 ? households * (2 + r.int(3)) : null,
        weighted(PRIORITIES), weighted(KINDS), r.pick(SOURCES),
      ];
    }
  })();
}

/** CSV as Excel saves it (CSV UTF-8): a BOM, CRLF, fields quoted when they must be. */
async function writeCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const field = (v: Row[number]) => {
    const s = v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  let buffer = '\ufeff' + HEADER.join(',') + '\r\n';
  for (const row of rows(count)) {
    buffer += row.map(field).join(',') + '\r\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  await new Promise<void>((resolve, reject) => out.end(buffer, () => resolve()).once('error', reject));
}

/** XLSX as offices keep it: a merged title row above the header, shared strings (as Excel writes them), some dates as date cells. */
async function writeXlsx(path: string, count: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = book.addWorksheet('需求侧清单');
  sheet.columns = HEADER.map((h) => ({ key: h, width: h === '具体内容' ? 60 : h === '需求' ? 36 : 12 }));
  sheet.mergeCells(1, 1, 1, HEADER.length);
  sheet.getRow(1).getCell(1).value = '塔尔湖镇2019—2020年冬春“强党建、促振兴、惠三农”服务行动需求侧清单';
  sheet.getRow(1).commit();
  sheet.getRow(2).values = HEADER;
  sheet.getRow(2).commit();
  let n = 3;
  for (const row of rows(count)) {
    const r = sheet.getRow(n++);
    r.values = row;
    r.commit();
  }
  sheet.commit();
  await book.commit();
}

// ---------------------------------------------------------------------------------------------
// Databases, and one import in its own process
// ---------------------------------------------------------------------------------------------

interface Fresh {
  db: DatabaseConfig;
  url: string;
  drop(): Promise<void>;
}

async function pg<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new SQLite file, or a new PostgreSQL database beside the one PG_URL names; migrated and seeded with the demo. */
async function freshDatabase(kind: 'sqlite' | 'postgresql', dir: string): Promise<Fresh> {
  const name = `peican_bench_import_${randomBytes(5).toString('hex')}`;
  let fresh: Fresh;
  if (kind === 'sqlite') {
    const file = join(dir, `${name}.sqlite`);
    fresh = { db: parseDatabaseUrl(`sqlite:${file}`), url: `sqlite:${file}`, drop: async () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true })) };
  } else {
    await pg(PG_URL, (c) => c.query(`create database ${name}`));
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    fresh = { db: parseDatabaseUrl(url.toString()), url: url.toString(), drop: () => pg(PG_URL, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined) };
  }
  const orm = await initORM(fresh.db);
  try {
    await migrate(orm);
    await seedDemo(orm.em, undefined, new Date('2026-11-22T00:00:00Z'));
  } finally {
    await orm.close();
  }
  return fresh;
}

/** The township's items for the campaign: all of them, and those an import made (with an import key). */
async function countItems(db: DatabaseConfig): Promise<{ all: number; imported: number }> {
  const orm = await initORM(db);
  try {
    const [row] = await orm.em.fork().getConnection().execute(
      'select count(*) as n, count(i.import_key) as k from demand_item i join demand_list l on l.id = i.list_id where l.campaign_id = ? and l.township_id = ?',
      [CAMPAIGN, TOWNSHIP],
    );
    return { all: Number(row.n), imported: Number(row.k) };
  } finally {
    await orm.close();
  }
}

/**
 * Written into the scratch folder and preloaded by the child: peaks of RssAnon and of the V8 heap
 * (sampled), of the heap just after each full collection (what is still held: "live"), and
 * maxRSS, said on exit.
 */
const PROBE = `
const fs = require('fs');
const { PerformanceObserver, constants } = require('perf_hooks');
const peak = { anonKb: 0, fileKb: 0, heap: 0, live: 0 };
new PerformanceObserver((list) => {
  if (list.getEntries().some((e) => e.detail && e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) peak.live = Math.max(peak.live, process.memoryUsage().heapUsed);
}).observe({ entryTypes: ['gc'] });
function sample() {
  try {
    const s = fs.readFileSync('/proc/self/status', 'utf8');
    const anon = /RssAnon:\\s+(\\d+)/.exec(s), file = /RssFile:\\s+(\\d+)/.exec(s);
    if (anon) peak.anonKb = Math.max(peak.anonKb, Number(anon[1]));
    if (file) peak.fileKb = Math.max(peak.fileKb, Number(file[1]));
  } catch {}
  peak.heap = Math.max(peak.heap, process.memoryUsage().heapUsed);
}
setInterval(sample, 100).unref();
process.on('exit', () => {
  sample();
  fs.writeSync(2, '\\nPEICAN_BENCH_PROBE ' + JSON.stringify({ ...peak, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
});
`;

interface Measured {
  seconds: number;
  peakRssMb: number;
  peakAnonMb: number | null;
  peakHeapMb: number;
  /** The heap just after a full collection, at most (null when none ran). */
  liveHeapMb: number | null;
  /** What the import said; importSeconds: importDemands alone (the child's process start, ORM and migration check left out; null via the CLI). */
  report: { rows: number; created: number; updated: number; unchanged: number; importSeconds: number | null };
}

/** The child (`--child`): importDemands over the file, into the database, as the operator; its report on stdout. */
async function child(file: string, url: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, PEICAN_LOG_LEVEL: 'warn' });
  const orm = await initORM(config.database);
  try {
    await migrate(orm);
    const began = performance.now();
    const report = await importDemands(localContext(orm.em.fork(), config), file, file, { campaignId: CAMPAIGN, townshipId: TOWNSHIP });
    const seconds = (performance.now() - began) / 1000;
    console.log(`PEICAN_BENCH_RESULT ${JSON.stringify({ ...report, problems: report.problems.slice(0, 20), seconds })}`);
  } finally {
    await orm.close();
  }
}

/**
 * One import in a child process (under /usr/bin/time -v when there is one), timed from spawn to
 * exit: this script with --child, or (--via cli) `peican import demands`.
 */
async function importInChild(fresh: Fresh, file: string, dir: string): Promise<Measured> {
  const probe = join(dir, 'probe.js');
  if (!existsSync(probe)) writeFileSync(probe, PROBE);
  const node = VIA === 'cli'
    ? [process.execPath, '--require', probe, CLI, 'import', 'demands', '--file', file, '--campaign', CAMPAIGN, '--township', TOWNSHIP]
    : [process.execPath, '--require', probe, SELF, '--child', '--file', file, '--database-url', fresh.url];
  const withTime = existsSync(TIME);
  const [command, ...argv] = withTime ? [TIME, '-v', ...node] : node;
  const env = { ...process.env, DATABASE_URL: fresh.url, PEICAN_TOKEN_SECRET: 'bench-import-secret-bench-import-secret', PEICAN_LOG_LEVEL: 'warn' };
  const began = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // cwd: the scratch folder, so that nothing (a token secret, a default database) is written into the tree.
    const child = spawn(command, argv, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  const seconds = (performance.now() - began) / 1000;
  let report: Measured['report'] | null = null;
  if (VIA === 'cli') {
    const imported = /Imported (\d+) rows: (\d+) new, (\d+) changed, (\d+) as they were/.exec(stdout);
    if (imported) report = { rows: Number(imported[1]), created: Number(imported[2]), updated: Number(imported[3]), unchanged: Number(imported[4]), importSeconds: null };
  } else {
    const result = /PEICAN_BENCH_RESULT (\{.*\})/.exec(stdout);
    const r = result ? (JSON.parse(result[1]) as ImportReport & { seconds: number }) : null;
    if (r?.written && !r.problemCount) report = { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, importSeconds: r.seconds };
  }
  if (code !== 0 || !report) throw new Error(`the import of ${file} failed (exit ${code}):\n${stdout.slice(0, 20_000)}\n${stderr.slice(0, 20_000)}`);
  const probed = /PEICAN_BENCH_PROBE (\{.*\})/.exec(stderr);
  const p = probed ? (JSON.parse(probed[1]) as { anonKb: number; heap: number; live: number; maxRssKb: number }) : null;
  const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const rssKb = timed ? Number(timed[1]) : p?.maxRssKb;
  if (!rssKb || !p) throw new Error(`no peak RSS in the child's output:\n${stderr}`);
  return {
    seconds, peakRssMb: rssKb / 1024, peakAnonMb: p.anonKb ? p.anonKb / 1024 : null, peakHeapMb: p.heap / 2 ** 20, liveHeapMb: p.live ? p.live / 2 ** 20 : null,
    report,
  };
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

interface Result extends Measured {
  db: 'sqlite' | 'postgresql';
  format: 'csv' | 'xlsx';
  rows: number;
  pass: 'first' | 're-import';
}

async function reachable(): Promise<string | null> {
  try {
    await pg(PG_URL, (c) => c.query('select 1'));
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  }
}

/** What to undo when the run is stopped (Ctrl-C): the scratch folder, the database of the import under way. */
const cleanups = new Set<() => unknown>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.allSettled([...cleanups].map(async (undo) => undo())).then(() => process.exit(130)));
}

async function main(): Promise<void> {
  if (VIA === 'cli' && !existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run bench:import" (it compiles it) or "npm run build"`);
  const dir = mkdtempSync(join(tmpdir(), 'peican-bench-import-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (!args.keep) cleanups.add(removeDir);
  const results: Result[] = [];
  const shownUrl = PG_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  try {
    const dbs: ('sqlite' | 'postgresql')[] = [];
    for (const kind of DBS) {
      if (kind === 'postgresql') {
        const why = await reachable();
        if (why) {
          console.log(`PostgreSQL at ${shownUrl} cannot be reached (${why}): skipped. Set PEICAN_BENCH_PG_URL to a server's URL.`);
          continue;
        }
      }
      dbs.push(kind);
    }
    if (!dbs.length) return;

    const files = new Map<string, string>();
    for (const format of FORMATS) {
      for (const n of SIZES) {
        const path = join(dir, `塔尔湖镇需求侧清单-${n}.${format}`);
        const began = performance.now();
        await (format === 'csv' ? writeCsv(path, n) : writeXlsx(path, n));
        console.log(`wrote ${n.toLocaleString('en')} rows as ${format.toUpperCase()}: ${(statSync(path).size / 2 ** 20).toFixed(1)} MB in ${((performance.now() - began) / 1000).toFixed(1)} s`);
        files.set(`${format}:${n}`, path);
      }
    }

    for (const kind of dbs) {
      for (const format of FORMATS) {
        for (const n of SIZES) {
          const file = files.get(`${format}:${n}`)!;
          const fresh = await freshDatabase(kind, dir);
          cleanups.add(fresh.drop);
          try {
            const before = await countItems(fresh.db);
            for (const pass of ['first', 're-import'] as const) {
              const m = await importInChild(fresh, file, dir);
              const after = await countItems(fresh.db);
              const expected = pass === 'first' ? { created: n, updated: 0, unchanged: 0 } : { created: 0, updated: 0, unchanged: n };
              const faults = [
                m.report.rows !== n && `the CLI read ${m.report.rows} rows, not ${n}`,
                (m.report.created !== expected.created || m.report.updated !== expected.updated || m.report.unchanged !== expected.unchanged) &&
                  `the CLI said ${m.report.created} new, ${m.report.updated} changed, ${m.report.unchanged} as they were; expected ${expected.created}, ${expected.updated}, ${expected.unchanged}`,
                after.imported !== n && `the list holds ${after.imported} imported items, not ${n}`,
                after.all !== before.all + n && `the list holds ${after.all} items, not ${before.all} + ${n}`,
              ].filter(Boolean);
              if (faults.length) throw new Error(`${kind} ${format} ${n} rows, ${pass} import: ${faults.join('; ')}`);
              results.push({ db: kind, format, rows: n, pass, ...m });
              console.log(
                `${kind} ${format} ${n.toLocaleString('en')} rows, ${pass}: ${m.report.importSeconds === null ? '' : `import ${m.report.importSeconds.toFixed(1)} s, `}process ${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB ` +
                  `(anon ${m.peakAnonMb?.toFixed(0) ?? '?'} MB, heap ${m.peakHeapMb.toFixed(0)} MB, live ${m.liveHeapMb?.toFixed(0) ?? '?'} MB); the list holds ${after.all} items (${before.all} of the demo + ${after.imported} imported)`,
              );
            }
          } finally {
            cleanups.delete(fresh.drop);
            await fresh.drop();
          }
        }
      }
    }
  } finally {
    if (args.keep) console.log(`files kept in ${dir}`);
    else removeDir();
  }

  const fmt = (x: number, digits = 0) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  console.log(`\n${new Date().toISOString().slice(0, 10)}, node ${process.version}, via ${VIA === 'cli' ? 'the command line' : 'importDemands in a child'}, peak memory of the importing process (${existsSync(TIME) ? '/usr/bin/time -v' : 'process.resourceUsage'}); anon and heap sampled every 100 ms, live heap just after each full collection\n`);
  // seconds: the import itself (importDemands, both passes over the file); the process's whole life beside it. Via the CLI, the process's only.
  console.log('| db | format | rows | pass | seconds (process) | rows/s | peak RSS MB | peak anon MB | peak heap MB | live heap MB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const seconds = r.report.importSeconds ?? r.seconds;
    console.log(
      `| ${r.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.format.toUpperCase()} | ${fmt(r.rows)} | ${r.pass} | ${fmt(seconds, 1)} (${fmt(r.seconds, 1)}) | ${fmt(r.rows / seconds)} | ` +
        `${fmt(r.peakRssMb)} | ${r.peakAnonMb === null ? '?' : fmt(r.peakAnonMb)} | ${fmt(r.peakHeapMb)} | ${r.liveHeapMb === null ? '?' : fmt(r.liveHeapMb)} |`,
    );
  }
  if (SIZES.length > 1) {
    const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
    const label = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
    console.log(`\nPeak memory, ${label(large)} rows against ${label(small)} (${fmt(large / small, 1)}× the rows):\n`);
    console.log('| db | format | pass | peak RSS | peak anon | peak heap | live heap |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of results.filter((x) => x.rows === large)) {
      const s = results.find((x) => x.rows === small && x.db === r.db && x.format === r.format && x.pass === r.pass)!;
      const ratio = (a: number | null, b: number | null) => (a && b ? `${(a / b).toFixed(2)}× (${fmt(b)} → ${fmt(a)} MB)` : '?');
      console.log(`| ${r.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.format.toUpperCase()} | ${r.pass} | ${ratio(r.peakRssMb, s.peakRssMb)} | ${ratio(r.peakAnonMb, s.peakAnonMb)} | ${ratio(r.peakHeapMb, s.peakHeapMb)} | ${ratio(r.liveHeapMb, s.liveHeapMb)} |`);
    }
  }
}

(args.child ? child(args.file!, args['database-url']!) : main()).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
