/**
 * A small GraphQL client: one POST per operation to /graphql with the signed-in user's token, the
 * first error's message (the server's, in plain words) thrown as an ApiError with its code.
 */

const TOKEN = 'peican.token';

/** A refusal from the API: its code, and its detail (the field at fault, what is allowed, the state). */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly detail: Record<string, any> = {}) {
    super(message);
  }
}

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN);
  },
  set token(value: string | null) {
    if (value) localStorage.setItem(TOKEN, value);
    else {
      localStorage.removeItem(TOKEN);
      localStorage.removeItem(ROLE);
    }
  },
  /** The signed-in person's role, for the navigation (the server still checks every field). */
  get role(): Viewer['role'] | null {
    return localStorage.getItem(ROLE) as Viewer['role'] | null;
  },
  set role(value: Viewer['role'] | null) {
    if (value) localStorage.setItem(ROLE, value);
    else localStorage.removeItem(ROLE);
  },
};
const ROLE = 'peican.role';

/** The input fields a refusal may name, as a person calls them. */
const FIELD_NAMES: Record<string, string> = {
  title: '需求（一句话）', content: '具体内容', category: '类别', forms: '服务形式', window: '时间', windowStart: '开始日期', windowEnd: '结束日期',
  villageId: '村（社区）', beneficiaries: '受益人数', priority: '优先', kind: '类型', committedDate: '承诺办结时限', personInCharge: '责任人',
  reason: '理由', note: '说明', resultNote: '办理结果', peopleServed: '服务人数', rating: '评价', comment: '评价意见', capacity: '服务容量',
  leaderName: '责任领导', leaderTitle: '领导职务', contactName: '联系人', contactPhone: '联系电话', description: '服务内容', coverage: '服务范围',
  username: '用户名', password: '密码', displayName: '姓名', role: '角色', regionId: '区划', departmentId: '部门', name: '名称', startsOn: '开始日期',
  endsOn: '结束日期', explanation: '说明', dueDate: '期限', supplyItemId: '服务项目', links: '链接', code: '区划代码', level: '层级', parentId: '上级区划',
};

/** A refusal the web app itself says, in Chinese (nothing was sent). */
export class Refusal extends Error {}

/** What the API's codes mean to a person, in Chinese; the server's own (English) words never reach the screen. */
export function messageOf(e: unknown): string {
  if (e instanceof Refusal) return e.message;
  if (!(e instanceof ApiError)) return '出错了，请稍后再试';
  const field = String(e.detail.field ?? '').split('.').filter((p) => !/^\d+$|^input$|\[/.test(p)).pop()?.replace(/\[\d+\]$/, '');
  const label = field ? FIELD_NAMES[field] ?? field : '';
  const allowed = Array.isArray(e.detail.allowed) ? e.detail.allowed.map(nameOf).join('、') : e.detail.allowed ? nameOf(String(e.detail.allowed)) : '';
  switch (e.code) {
    case 'BAD_USER_INPUT':
      return `填写有误${label ? `：${label}` : ''}${allowed ? `（可以是：${allowed}）` : ''}`;
    case 'CONFLICT':
      if (!e.detail.exists) return '他人已更新，请刷新后再试';
      return field === 'username' ? '这个用户名已经有人用了' : field === 'id' ? '这个区划代码已经有了' : '已经有了：请刷新后在原有的上面修改';
    case 'INVALID_STATE': {
      const state = e.detail.state ? STATUS_NAMES[String(e.detail.state)] ?? ASSIGNMENT_NAMES[String(e.detail.state)] : undefined;
      if (state || !label) return `当前状态${state ? `（${state}）` : ''}不能这样办理${allowed ? `，此时可以：${allowed}` : ''}`;
      return `${label}不行${allowed ? `：可以是 ${allowed}` : ''}`;
    }
    case 'FORBIDDEN':
      return '没有权限：这不归您管理';
    case 'NOT_FOUND':
      return '找不到这条记录：可能已删除，或不归您管理';
    case 'UNAUTHENTICATED':
      return '请重新登录';
    case 'TOO_MANY_REQUESTS':
      return `尝试次数太多，请${e.detail.retryAfterSeconds ? ` ${e.detail.retryAfterSeconds} 秒` : '稍'}后再试`;
    case 'TIMEOUT':
      return '查询时间太长，请缩小范围或稍后再试';
    case 'NETWORK':
      return '服务器没有应答，请稍后再试';
    default:
      return '出错了，请稍后再试';
  }
}
/** A code the API names (a category, a form, a state, a field, a range) in Chinese, when it is one. */
const nameOf = (code: string) =>
  CATEGORY_NAMES[code] ?? FORM_NAMES[code] ?? STATUS_NAMES[code] ?? ASSIGNMENT_NAMES[code] ?? PRIORITY_NAMES[code] ?? FIELD_NAMES[code] ?? code.replace(/^(\d+)\.\.(\d+)$/, '$1–$2');

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json().catch(() => null);
  const error = body?.errors?.[0];
  if (error) {
    if (error.extensions?.code === 'UNAUTHENTICATED') session.token = null;
    const { code, ...detail } = error.extensions ?? {};
    throw new ApiError(error.message, String(code ?? 'ERROR'), detail);
  }
  if (!res.ok || !body?.data) throw new ApiError(`no answer (${res.status})`, 'NETWORK');
  return body.data as T;
}

/**
 * Every row of a connection, page by page (the server prices a query by its page size, so a page
 * stays small), in the order the server gives them. `query` takes $first and $after and selects
 * `nodes` and `pageInfo { hasNextPage endCursor }` of the connection at `path`.
 */
export async function allPages<T>(query: string, path: string, first = 25, variables: Record<string, unknown> = {}): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await gql(query, { ...variables, first, after });
    const page = data[path];
    rows.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
}

export interface Viewer {
  username: string;
  displayName: string;
  role: 'TOWNSHIP_ORGANIZER' | 'DEPARTMENT_PUBLISHER' | 'ORGANIZATION_DEPARTMENT' | 'ADMIN' | 'VOLUNTEER';
  region: { id: string; name: string } | null;
  department: { id: string; name: string } | null;
}

export const me = () => gql<{ me: Viewer }>('{ me { username displayName role region { id name } department { id name } } }').then((d) => d.me);

/** The latest campaign (by start date) — what a person means by "this round". */
export const latestCampaign = () =>
  gql<{ campaigns: { nodes: { id: string; name: string; startsOn: string }[] } }>('{ campaigns(first: 100) { nodes { id name startsOn } } }')
    .then((d) => [...d.campaigns.nodes].sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))[0] ?? null);

export const CATEGORY_NAMES: Record<string, string> = {
  THEORY: '送理论', POLICY: '送政策', TECHNOLOGY: '送科技', HEALTH: '送健康', SERVICE: '送服务', CULTURE: '送文化', WARMTH: '送温暖',
};
export const STATUS_NAMES: Record<string, string> = {
  DRAFT: '草稿', SUBMITTED: '已提交', MATCHED: '已派单', ACCEPTED: '已接单', IN_PROGRESS: '办理中', COMPLETED: '已办结',
  CLOSED: '已销号', ESCALATED: '已上报', DEFERRED: '暂不具备条件', LEADERSHIP: '领导领办', WITHDRAWN: '已撤回',
};
export const FORM_NAMES: Record<string, string> = {
  LECTURE: '宣讲', TRAINING: '培训', CONSULTATION: '咨询', CLINIC: '义诊', PERFORMANCE: '演出', SCREENING: '放映',
  ON_SITE: '上门指导', DONATION: '捐赠', VISIT: '走访慰问', HOTLINE: '热线', OTHER: '其他',
};
export const ACTION_NAMES: Record<string, string> = {
  SUBMITTED: '提交', MATCHED: '派单', ESCALATED: '上报组织部门', ACCEPT: '接单', DECLINE: '退回', REPORT_PROGRESS: '办理进展', COMPLETE: '办结',
  CLOSED: '评价并销号', REOPENED: '评价不满意，重新办理', WITHDRAWN: '撤回', SUPERVISED: '督办', ASSIGN_BY_HAND: '组织部门派单',
  DEFER: '暂不具备条件', HAND_TO_LEADER: '领导领办', RESUME: '恢复办理', SUPPLY_ITEM_ADJUSTED: '服务项目调整',
  MERGED: '合并', MERGED_IN: '合并重复需求', CLAIMED: '党员领办', RELEASE: '退回领办',
  MEETING_DECISION: '会议决定',
  REVIEWED: '复核（暂缓办理）',
};
export const RATING_NAMES: Record<string, string> = { VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASIC: '基本满意', UNSATISFIED: '不满意', VERY_UNSATISFIED: '非常不满意' };
export const ASSIGNMENT_NAMES: Record<string, string> = {
  MATCHED: '待接单', ACCEPTED: '已接单', IN_PROGRESS: '办理中', COMPLETED: '已办结', CLOSED: '已销号', DECLINED: '已退回', CANCELLED: '已撤销',
};
export const PRIORITY_NAMES: Record<string, string> = { NORMAL: '一般', VULNERABLE: '困难群众', URGENT: '紧急' };
export const REASON_NAMES: Record<string, string> = {
  HARD_CASE: '历史遗留老大难', NO_SUPPLY_IN_CATEGORY: '本类别无供给', NOT_COVERED: '服务范围未覆盖', OUTSIDE_TIME_WINDOW: '服务时间不重合',
  DECLINED: '相符项目均已退回', LOW_RELEVANCE: '内容不相符', CAPACITY_EXHAUSTED: '服务能力已用完', UNCLAIMED_WISH: '微心愿无人领办',
};
/** Where each role starts. */
export const HOME: Record<Viewer['role'], string> = {
  TOWNSHIP_ORGANIZER: '/township', DEPARTMENT_PUBLISHER: '/department', ORGANIZATION_DEPARTMENT: '/dashboard', ADMIN: '/admin', VOLUNTEER: '/wishes',
};
/** The pages each role may open, in the top bar's order. */
export const NAV: Record<Viewer['role'], { path: string; label: string }[]> = {
  TOWNSHIP_ORGANIZER: [{ path: '/township', label: '点菜' }, { path: '/meetings', label: '联席会议' }, { path: '/pairing', label: '结对认亲' }],
  DEPARTMENT_PUBLISHER: [{ path: '/department', label: '办理清单' }, { path: '/supply', label: '供给侧清单' }, { path: '/commitments', label: '办实事清单' }],
  ORGANIZATION_DEPARTMENT: [{ path: '/dashboard', label: '总览' }, { path: '/desk', label: '上报事项' }, { path: '/meetings', label: '联席会议' }, { path: '/commitments', label: '办实事清单' }, { path: '/pairing', label: '结对认亲' }],
  ADMIN: [{ path: '/admin', label: '管理' }, { path: '/dashboard', label: '总览' }, { path: '/desk', label: '上报事项' }, { path: '/pairing', label: '结对认亲' }],
  VOLUNTEER: [{ path: '/wishes', label: '微心愿' }, { path: '/pairing', label: '结对户' }],
};
