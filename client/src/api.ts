/**
 * The typed fetch wrapper every view uses: JSON in and out, errors from the API (`{error: {code,
 * message}}`) as an ApiError whose message is the API's own words, a count of requests in flight for
 * the loading indicator, Neo4j outages (503) waited out with a banner and retried, and the API token
 * (asked for once on a 401, kept in sessionStorage only, sent as `Authorization: Bearer`).
 */
import type {
  BundleAnswer,
  BundleMessagesAnswer,
  Direction,
  EntityAnswer,
  ExpandAnswer,
  ExpandRequest,
  PathAnswer,
  RelationshipAnswer,
  SavedQueryList,
  SearchAnswer,
  StatsAnswer,
  TableAndGraph,
  TimelineAnswer,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiHooks {
  /** Requests in flight changed. */
  onBusy?(inFlight: number): void;
  /** The database (or the server) is unreachable: a message while waiting, null when it is back. */
  onOutage?(message: string | null): void;
  /** The server wants a token: resolve with one, or null when the analyst gives up. */
  askToken?(reason: string): Promise<string | null>;
}

const TOKEN_KEY = 'backchannel.apiToken';
/** How long a request waits for Neo4j to come back before it fails. */
const OUTAGE_PATIENCE_MS = 120_000;

type Query = Record<string, string | number | boolean | string[] | undefined | null>;

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) params.set(k, v.join(','));
    } else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

export class Api {
  private inFlight = 0;
  private tokenPrompt: Promise<string | null> | null = null;
  private tokenDeclined = false;
  private outage = false;

  constructor(
    private readonly hooks: ApiHooks = {},
    private readonly base = '',
  ) {}

  get token(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }

  set token(value: string | null) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage refused (private mode): the token lives for this request only.
    }
  }

  private busy(delta: number) {
    this.inFlight += delta;
    this.hooks.onBusy?.(this.inFlight);
  }

  private setOutage(message: string | null) {
    if (message === null && !this.outage) return;
    this.outage = message !== null;
    this.hooks.onOutage?.(message);
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    this.busy(1);
    try {
      return await this.send<T>(method, path, body, signal);
    } finally {
      this.busy(-1);
    }
  }

  private async send<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const started = Date.now();
    let askedForToken = false;
    for (;;) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const token = this.token;
      if (token) headers.authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          ...(signal ? { signal } : {}),
          credentials: 'same-origin',
        });
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        // The server itself is unreachable: wait like for a database outage.
        if (Date.now() - started > OUTAGE_PATIENCE_MS) {
          this.setOutage(null);
          throw new ApiError(0, 'unreachable', 'The Backchannel server does not answer.');
        }
        this.setOutage('The Backchannel server does not answer; retrying…');
        await sleep(3_000, signal);
        continue;
      }
      if (response.status === 503) {
        const wait = Math.min(30, Math.max(1, Number(response.headers.get('retry-after')) || 5));
        if (Date.now() - started > OUTAGE_PATIENCE_MS) {
          this.setOutage(null);
          throw await this.error(response);
        }
        this.setOutage(`Database unavailable, retrying in ${wait} s… (the page stays usable)`);
        await sleep(wait * 1000, signal);
        continue;
      }
      this.setOutage(null);
      if (response.status === 401 && this.token !== token) continue; // another request got a token meanwhile
      if (response.status === 401 && this.hooks.askToken && !askedForToken && !this.tokenDeclined) {
        askedForToken = true;
        const given = await this.askTokenOnce(
          token ? 'The server refused the API token.' : 'This server requires an API token.',
        );
        if (!given) {
          // Asked once and declined: no more forms until the page is reloaded.
          this.tokenDeclined = true;
          throw await this.error(response);
        }
        this.token = given;
        continue;
      }
      if (!response.ok) throw await this.error(response);
      return (await response.json()) as T;
    }
  }

  /** Concurrent 401s share one form. */
  private askTokenOnce(reason: string): Promise<string | null> {
    if (!this.tokenPrompt) {
      this.tokenPrompt = (this.hooks.askToken?.(reason) ?? Promise.resolve(null)).finally(() => {
        this.tokenPrompt = null;
      });
    }
    return this.tokenPrompt;
  }

  private async error(response: Response): Promise<ApiError> {
    let code = `http_${response.status}`;
    let message = `The server answered ${response.status} ${response.statusText}`.trim();
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      if (body?.error?.message) message = body.error.message;
      if (body?.error?.code) code = body.error.code;
    } catch {
      // Not JSON: keep the status line.
    }
    return new ApiError(response.status, code, message);
  }

  get<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', `${path}${queryString(query)}`, undefined, signal);
  }

  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.request<T>('POST', path, body, signal);
  }

  // One method per route, typed by the server's schemas.
  search(q: string, options: { labels?: string[]; limit?: number; offset?: number } = {}, signal?: AbortSignal) {
    return this.get<SearchAnswer>('/api/search', { q, ...options }, signal);
  }
  node(id: string, signal?: AbortSignal) {
    return this.get<EntityAnswer>('/api/node', { id }, signal);
  }
  relationship(id: string, signal?: AbortSignal) {
    return this.get<RelationshipAnswer>('/api/relationship', { id }, signal);
  }
  expand(request: ExpandRequest) {
    return this.post<ExpandAnswer | BundleAnswer>('/api/expand', request);
  }
  paths(body: {
    from: string;
    to: string;
    all?: boolean;
    maxHops?: number;
    types?: string[];
    direction?: Direction;
    bundle?: boolean;
  }) {
    return this.post<PathAnswer>('/api/paths', body);
  }
  connect(body: { ids: string[]; maxHops?: number; types?: string[]; bundle?: boolean }) {
    return this.post<PathAnswer>('/api/connect', body);
  }
  bundles(body: { ids: string[]; level: 'account' | 'person'; limit?: number; from?: string; to?: string }) {
    return this.post<BundleAnswer>('/api/bundles', body);
  }
  bundleMessages(query: { from: string; to: string; level: string; offset?: number; limit?: number }) {
    return this.get<BundleMessagesAnswer>('/api/bundles/messages', query);
  }
  timeline(
    query: { from: string; to: string; ids?: string[]; after?: string; offset?: number; limit?: number },
    signal?: AbortSignal,
  ) {
    return this.get<TimelineAnswer>('/api/timeline', query, signal);
  }
  queries() {
    return this.get<SavedQueryList>('/api/queries');
  }
  runQuery(name: string, params: Record<string, unknown>) {
    return this.post<TableAndGraph>(`/api/queries/${encodeURIComponent(name)}`, { params });
  }
  cypher(query: string, params: Record<string, unknown>) {
    return this.post<TableAndGraph>('/api/cypher', { query, params });
  }
  stats() {
    return this.get<StatsAnswer>('/api/stats');
  }
}

/** An error in words for the analyst. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
