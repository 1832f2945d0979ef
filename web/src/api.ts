/**
 * A small GraphQL client: one POST per operation to /graphql with the signed-in user's token, the
 * first error's message (the server's, in plain words) thrown as an ApiError with its code.
 */

const TOKEN = 'peican.token';

export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN);
  },
  set token(value: string | null) {
    if (value) localStorage.setItem(TOKEN, value);
    else localStorage.removeItem(TOKEN);
  },
};

/** What to show a person for a failure. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json().catch(() => null);
  const error = body?.errors?.[0];
  if (error) {
    if (error.extensions?.code === 'UNAUTHENTICATED') session.token = null;
    throw new ApiError(error.message, String(error.extensions?.code ?? 'ERROR'));
  }
  if (!res.ok || !body?.data) throw new ApiError(`服务器没有应答（${res.status}）`, 'NETWORK');
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
  role: 'TOWNSHIP_ORGANIZER' | 'DEPARTMENT_PUBLISHER' | 'ORGANIZATION_DEPARTMENT' | 'ADMIN';
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
/** Where each role starts. */
export const HOME: Record<Viewer['role'], string> = {
  TOWNSHIP_ORGANIZER: '/township', DEPARTMENT_PUBLISHER: '/department', ORGANIZATION_DEPARTMENT: '/dashboard', ADMIN: '/dashboard',
};
