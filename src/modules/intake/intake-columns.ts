import {
  Category, CATEGORY_NAMES, DemandKind, DemandSource, FORM_NAMES, KIND_NAMES, Priority, PRIORITY_NAMES, ServiceForm, SOURCE_NAMES,
} from '../../common/enums';
import * as v from '../../common/validate';

/**
 * The columns of the two spreadsheets (需求侧清单, 供给侧清单) as offices head them: each with its
 * Chinese header, the variants people write, whether it must be there, and how a cell is read.
 * A cell's reader returns the value or throws a CellError saying what is allowed.
 */

export class CellError extends Error {
  constructor(message: string, readonly allowed: string) {
    super(message);
  }
}

export type Cell = string | number | boolean | Date | null;

export interface Column<K extends string = string> {
  key: K;
  header: string;
  /** Other ways the header is written (spaces, brackets and case are ignored when comparing). */
  aliases: string[];
  required: boolean;
  /** What goes in it, for the template's 说明 sheet. */
  help: string;
  example: string;
  /** A drop-down of these in the template (one value per cell). */
  choices?: string[];
  read(cell: Cell): unknown;
}

/** How a header is compared: no spaces, no brackets or what they hold (单位：人), no colon, lower case, full-width folded. */
export const headerKey = (text: string) => text.normalize('NFKC').replace(/[（(【\[].*?[）)】\]]/g, '').replace(/[\s:：*＊]/g, '').toLowerCase();

const textOf = (cell: Cell): string => (cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell)).trim();

/** A label read against a code's names and the variants people write; the codes themselves are accepted too. */
function labelReader<T extends string>(names: Record<T, string>, variants: Record<string, T>, what: string, required = false) {
  const lookup = new Map<string, T>();
  for (const [code, name] of Object.entries(names) as [T, string][]) {
    lookup.set(code.toLowerCase(), code);
    lookup.set(headerKey(name), code);
  }
  for (const [variant, code] of Object.entries(variants)) lookup.set(headerKey(variant), code);
  const allowed = Object.values<string>(names).join('、');
  return (cell: Cell): T | null => {
    if (textOf(cell) === '') {
      if (required) throw new CellError('empty', allowed);
      return null;
    }
    const found = lookup.get(headerKey(textOf(cell)));
    if (found === undefined) throw new CellError(`"${textOf(cell)}" is not a ${what}`, allowed);
    return found;
  };
}

export const readCategory = labelReader(CATEGORY_NAMES, {
  理论: Category.THEORY, 政策: Category.POLICY, 科技: Category.TECHNOLOGY, 技术: Category.TECHNOLOGY, 健康: Category.HEALTH, 医疗: Category.HEALTH,
  服务: Category.SERVICE, 文化: Category.CULTURE, 温暖: Category.WARMTH, 送理论类: Category.THEORY, 送政策类: Category.POLICY, 送科技类: Category.TECHNOLOGY,
  送健康类: Category.HEALTH, 送服务类: Category.SERVICE, 送文化类: Category.CULTURE, 送温暖类: Category.WARMTH,
}, 'category (七送)', true);
const readForm = labelReader(FORM_NAMES, {
  上门: ServiceForm.ON_SITE, 上门服务: ServiceForm.ON_SITE, 现场指导: ServiceForm.ON_SITE, 讲座: ServiceForm.LECTURE, 宣讲会: ServiceForm.LECTURE,
  培训班: ServiceForm.TRAINING, 技术培训: ServiceForm.TRAINING, 咨询服务: ServiceForm.CONSULTATION, 义诊服务: ServiceForm.CLINIC, 送医: ServiceForm.CLINIC,
  文艺演出: ServiceForm.PERFORMANCE, 演出活动: ServiceForm.PERFORMANCE, 电影: ServiceForm.SCREENING, 放电影: ServiceForm.SCREENING, 捐助: ServiceForm.DONATION,
  捐物: ServiceForm.DONATION, 慰问: ServiceForm.VISIT, 走访: ServiceForm.VISIT, 电话: ServiceForm.HOTLINE,
}, 'service form');
export const readPriority = labelReader(PRIORITY_NAMES, {
  普通: Priority.NORMAL, 正常: Priority.NORMAL, 弱势: Priority.VULNERABLE, 弱势群体: Priority.VULNERABLE, 困难: Priority.VULNERABLE, 急: Priority.URGENT, 加急: Priority.URGENT,
}, 'priority');
const readKind = labelReader(KIND_NAMES, {
  个性: DemandKind.INDIVIDUAL, 个人: DemandKind.INDIVIDUAL, 个性需求: DemandKind.INDIVIDUAL, 共性: DemandKind.COMMON, 共性需求: DemandKind.COMMON,
  老大难: DemandKind.HARD, 历史遗留: DemandKind.HARD, 历史遗留问题: DemandKind.HARD,
}, 'kind');
const readSource = labelReader(SOURCE_NAMES, { 走访: DemandSource.VISIT, 入户: DemandSource.VISIT, 表格: DemandSource.FORM, 微信: DemandSource.WECHAT, 座谈: DemandSource.MEETING, 电话: DemandSource.HOTLINE }, 'source');

/** A list in one cell: 宣讲、培训 / 宣讲,培训 / 宣讲 培训. */
const split = (cell: Cell) => textOf(cell).split(/[、,，;；/\s]+/).filter(Boolean);

function readForms(cell: Cell): ServiceForm[] {
  const parts = split(cell);
  if (parts.length === 0) throw new CellError('no service form', Object.values(FORM_NAMES).join('、'));
  return [...new Set(parts.map((p) => readForm(p)!))];
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** A date as offices write it: 2020-05-10, 2020/5/10, 2020.5.10, 2020年5月10日, an Excel date cell or its serial number. */
export function readDate(cell: Cell): string | null {
  if (cell === null || textOf(cell) === '') return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number' && cell > 20000 && cell < 80000) return new Date(EXCEL_EPOCH + Math.round(cell) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(textOf(cell));
  const allowed = '2020-05-10, 2020/5/10, 2020年5月10日 or a date cell';
  if (!m) throw new CellError(`"${textOf(cell)}" is not a date`, allowed);
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw new CellError(`"${textOf(cell)}" is not a day of the calendar`, allowed);
  return iso;
}

function readCount(max: number, min = 0) {
  return (cell: Cell): number | null => {
    const text = textOf(cell).replace(/[人户个名次,，\s]/g, '');
    if (text === '') return null;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new CellError(`"${textOf(cell)}" is not a whole number from ${min} to ${max}`, `${min}–${max}`);
    return n;
  };
}

/** A text cell, checked as the API checks the field (its length); an empty optional one is null. */
function readText(max: number, required: boolean, multiline = false) {
  return (cell: Cell): string | null => {
    const text = textOf(cell);
    if (text === '') {
      if (required) throw new CellError('empty', `1–${max} characters`);
      return null;
    }
    try {
      return multiline ? v.multiline('cell', text, max) : v.text('cell', text, max);
    } catch {
      throw new CellError(`${[...text].length} characters, over ${max}`, `1–${max} characters`);
    }
  };
}
const readPhone = (cell: Cell): string => {
  try {
    return v.phone('cell', textOf(cell));
  } catch {
    throw new CellError(`"${textOf(cell)}" is not a phone number`, 'a mobile (13900000000) or a landline (0478-1234567)');
  }
};
const readKey = readText(80, false);
const readNames = (cell: Cell): string[] => split(cell);

const CHOICES = {
  category: Object.values(CATEGORY_NAMES), priority: Object.values(PRIORITY_NAMES), kind: Object.values(KIND_NAMES),
  form: Object.values(FORM_NAMES), source: Object.values(SOURCE_NAMES),
};

export const DEMAND_COLUMNS = [
  { key: 'key', header: '编号', aliases: ['序号', '需求编号', 'id'], required: false, help: '本表自己的编号：再次导入同一行时据此更新，不会重复添加（不填则按乡镇和内容识别）', example: 'TEH-2020-01', read: readKey },
  { key: 'village', header: '村（社区）', aliases: ['村', '社区', '嘎查村', '村社区', '村名', '所在村'], required: false, help: '需求所在的村或社区的名称', example: '丰收村', read: readText(50, false) },
  { key: 'category', header: '类别', aliases: ['七送类别', '需求类别', '所属类别', 'category'], required: true, help: `七送之一：${CHOICES.category.join('、')}（写"科技""送科技"都可以）`, example: '送科技', choices: CHOICES.category, read: readCategory },
  { key: 'title', header: '需求', aliases: ['需求事项', '需求名称', '需求项目', '事项', 'title'], required: true, help: '一句话说清要什么（最多 100 字）', example: '温室大棚番茄灰霉病防治', read: readText(v.LIMITS.title, true) },
  { key: 'content', header: '具体内容', aliases: ['需求内容', '内容', '具体需求', '需求描述', '详细内容', 'content'], required: true, help: '谁需要、多少人、什么时候、怎么办，原话就行（最多 2000 字）', example: '村里 60 户种大棚番茄，今年灰霉病严重，想请技术员来地里看看', read: readText(v.LIMITS.content, true, true) },
  { key: 'forms', header: '服务形式', aliases: ['形式', '需求形式', '方式', 'forms'], required: true, help: `一种或几种，用顿号隔开：${CHOICES.form.join('、')}`, example: '上门指导、培训', choices: CHOICES.form, read: readForms },
  { key: 'start', header: '开始日期', aliases: ['开始时间', '起始日期', '需求时间', '时间'], required: false, help: '想要服务的时间从哪天起（2020-05-10、2020/5/10、2020年5月10日都行）', example: '2020-03-01', read: readDate },
  { key: 'end', header: '结束日期', aliases: ['结束时间', '截止日期', '截止时间'], required: false, help: '到哪天为止', example: '2020-04-30', read: readDate },
  { key: 'beneficiaries', header: '受益人数', aliases: ['受益人口', '人数', '涉及人数', '受益群众'], required: false, help: '大约多少人受益', example: '60', read: readCount(v.LIMITS.beneficiaries) },
  { key: 'priority', header: '优先', aliases: ['优先级', '是否困难群众', '紧急程度', 'priority'], required: false, help: `${CHOICES.priority.join('、')}（困难群众：独居老人、残疾人、留守儿童、困难家庭）；不填为一般`, example: '一般', choices: CHOICES.priority, read: readPriority },
  { key: 'kind', header: '问题类型', aliases: ['类型', '问题分类', '需求类型', 'kind'], required: false, help: `${CHOICES.kind.join('、')}；不填为共性问题`, example: '共性问题', choices: CHOICES.kind, read: readKind },
  { key: 'source', header: '来源', aliases: ['需求来源', '收集方式', 'source'], required: false, help: `${CHOICES.source.join('、')}；不填为需求表`, example: '入户走访', choices: CHOICES.source, read: readSource },
] as const satisfies readonly Column[];

export const SUPPLY_COLUMNS = [
  { key: 'key', header: '编号', aliases: ['序号', '项目编号', 'id'], required: false, help: '本表自己的编号：再次导入同一行时据此更新，不会重复添加（不填则按部门和内容识别）', example: 'NMJ-01', read: readKey },
  { key: 'category', header: '类别', aliases: ['七送类别', '服务类别', '所属类别', 'category'], required: true, help: `七送之一：${CHOICES.category.join('、')}`, example: '送科技', choices: CHOICES.category, read: readCategory },
  { key: 'title', header: '服务项目', aliases: ['项目', '项目名称', '服务名称', 'title'], required: true, help: '一句话说清提供什么服务（最多 100 字）', example: '设施大棚番茄病虫害防治', read: readText(v.LIMITS.title, true) },
  { key: 'description', header: '服务内容', aliases: ['内容', '项目内容', '具体内容', 'description'], required: true, help: '做什么、怎么做、谁来做（最多 2000 字）', example: '农技人员到温室大棚现场指导灰霉病、叶霉病防治', read: readText(v.LIMITS.content, true, true) },
  { key: 'forms', header: '服务形式', aliases: ['形式', '方式', 'forms'], required: true, help: `一种或几种，用顿号隔开：${CHOICES.form.join('、')}`, example: '上门指导、培训', choices: CHOICES.form, read: readForms },
  { key: 'leaderName', header: '责任领导', aliases: ['分管领导', '负责领导', '领导'], required: true, help: '责任领导的姓名', example: '韩宝山', read: readText(v.LIMITS.name, true) },
  { key: 'leaderTitle', header: '领导职务', aliases: ['职务', '责任领导职务'], required: false, help: '责任领导的职务', example: '副局长', read: readText(v.LIMITS.name, false) },
  { key: 'contactName', header: '联络人', aliases: ['联系人', '联络员', '经办人'], required: true, help: '乡镇打电话找谁', example: '田立新', read: readText(v.LIMITS.name, true) },
  { key: 'contactPhone', header: '联系电话', aliases: ['电话', '手机', '联系方式', '手机号'], required: true, help: '手机或座机', example: '13900000060', read: readPhone },
  { key: 'capacity', header: '服务容量', aliases: ['容量', '可服务次数', '服务次数', '场次'], required: true, help: '本轮最多接多少项需求', example: '3', read: readCount(v.LIMITS.capacity, 1) },
  { key: 'coverage', header: '服务范围', aliases: ['范围', '覆盖范围', '服务区域'], required: false, help: '服务哪些旗县区或苏木镇，写名称或区划代码，用顿号隔开；不填为本部门所在地区', example: '五原县', read: readNames },
  { key: 'start', header: '开始日期', aliases: ['开始时间', '起始日期', '服务时间'], required: false, help: '从哪天起能提供（日期写法同上）', example: '2020-01-01', read: readDate },
  { key: 'end', header: '结束日期', aliases: ['结束时间', '截止日期'], required: false, help: '到哪天为止', example: '2020-04-30', read: readDate },
] as const satisfies readonly Column[];

/** The seven, in their order (送理论 first): ties between categories break on it. */
export const CATEGORIES_IN_ORDER = Object.keys(CATEGORY_NAMES) as Category[];

export type DemandColumnKey = (typeof DEMAND_COLUMNS)[number]['key'];
export type SupplyColumnKey = (typeof SUPPLY_COLUMNS)[number]['key'];

/** 家庭情况 that mean hardship: a visit's 诉求 from such a household is VULNERABLE (困难群众). */
export const HARDSHIP_TAGS = ['独居老人', '空巢老人', '高龄老人', '残疾', '残疾人', '低保户', '低保', '特困', '特困户', '五保户', '五保', '留守儿童', '留守老人', '孤儿', '脱贫监测户', '监测户', '边缘户', '困难户', '重病', '大病'];

/** The household-visit survey (入户走访调查摸底表): one row a household and one of its 诉求. */
export const VISIT_COLUMNS = [
  { key: 'key', header: '编号', aliases: ['序号', 'id'], required: false, help: '本表自己的编号（不填则按村和户主识别这一户、按诉求识别这一条）', example: 'TEH-ZF-001', read: readKey },
  { key: 'headName', header: '户主', aliases: ['户主姓名', '姓名', '户主名字'], required: true, help: '户主姓名（个人信息：只有本乡镇和上级组织部门看得到）', example: '王秀英', read: readText(v.LIMITS.name, true) },
  { key: 'village', header: '村（社区）', aliases: ['村', '社区', '嘎查村', '村社区', '所在村'], required: false, help: '这一户所在的村或社区', example: '联丰村', read: readText(50, false) },
  { key: 'population', header: '家庭人口', aliases: ['人口', '家庭人数', '人数'], required: false, help: '家里几口人', example: '2', read: readCount(100) },
  { key: 'tags', header: '家庭情况', aliases: ['家庭类型', '户类型', '情况', '标签'], required: false, help: `用顿号隔开，如${HARDSHIP_TAGS.slice(0, 8).join('、')}；困难情况的诉求按“困难群众”优先`, example: '独居老人、低保户', read: readNames },
  { key: 'phone', header: '联系电话', aliases: ['电话', '手机', '手机号'], required: false, help: '这一户的电话（个人信息）', example: '13900001234', read: (cell: Cell) => (textOf(cell) === '' ? null : readPhone(cell)) },
  { key: 'need', header: '诉求', aliases: ['群众诉求', '需求', '诉求内容', '需求内容', '反映问题'], required: true, help: '这一户想要什么，原话就行', example: '老伴走了一个人住，冬天取暖煤不够，腿脚不好出不了门', read: readText(v.LIMITS.content, true, true) },
  { key: 'category', header: '类别', aliases: ['七送类别', '需求类别'], required: false, help: `不填时按诉求的说法判断：${CHOICES.category.join('、')}`, example: '送温暖', choices: CHOICES.category, read: labelReader(CATEGORY_NAMES, {}, 'category (七送)') },
  { key: 'forms', header: '服务形式', aliases: ['形式'], required: false, help: `不填为上门指导；${CHOICES.form.join('、')}`, example: '走访慰问', choices: CHOICES.form, read: (cell: Cell) => (textOf(cell) === '' ? null : readForms(cell)) },
  { key: 'visitor', header: '走访人', aliases: ['走访干部', '调查人', '填表人'], required: false, help: '谁去走访的', example: '李联络员', read: readText(v.LIMITS.name, false) },
  { key: 'visitedOn', header: '走访日期', aliases: ['走访时间', '调查日期', '日期'], required: false, help: '哪天走访的（日期写法同上）', example: '2020-01-15', read: readDate },
] as const satisfies readonly Column[];
