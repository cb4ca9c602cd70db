/**
 * The demo's HTTP side: a small JSON client over fetch that says, when the API refuses, which
 * step of the demo failed, for which project, with the API's answer; a bounded pool for
 * concurrent work; and polling with a timeout instead of sleeps.
 */

export interface StepContext {
  /** what the demo was doing, e.g. "submit" */
  step: string;
  /** the project concerned, e.g. "#12 FASP-2026-0012 «Title»" */
  project?: string;
}

export class DemoError extends Error {
  constructor(
    readonly context: StepContext,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'DemoError';
  }

  describe(): string {
    const where = this.context.project ? ` for project ${this.context.project}` : '';
    const answer = this.body === undefined ? '' : `\n  API answer: ${typeof this.body === 'string' ? this.body : JSON.stringify(this.body)}`;
    return `demo step "${this.context.step}" failed${where}: ${this.message}${answer}`;
  }
}

/** Someone signed in: their access token. */
export interface Session {
  label: string;
  token: string;
}

export interface RequestOptions extends StepContext {
  as?: Session | null;
  body?: unknown;
  /** statuses that are not errors (default: 2xx) */
  accept?: readonly number[];
}

export class ApiClient {
  /** requests made, for the summary */
  requests = 0;
  /** time spent per route (method and path with ids replaced), in ms */
  readonly timings = new Map<string, { count: number; totalMs: number; maxMs: number }>();

  constructor(readonly baseUrl: string) {}

  private record(method: string, path: string, startedAt: number): void {
    const route = `${method} ${path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/FASP-\d{4}-\d{4}/g, ':faspId').replace(/\/criteria\/[\d.]+/, '/criteria/:code')}`;
    const ms = performance.now() - startedAt;
    const entry = this.timings.get(route) ?? { count: 0, totalMs: 0, maxMs: 0 };
    entry.count += 1;
    entry.totalMs += ms;
    entry.maxMs = Math.max(entry.maxMs, ms);
    this.timings.set(route, entry);
  }

  url(path: string): string {
    return `${this.baseUrl.replace(/\/$/, '')}${path}`;
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.as) headers.authorization = `Bearer ${options.as.token}`;
    let payload: string | FormData | undefined;
    if (options.body instanceof FormData) payload = options.body;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    this.requests += 1;
    const startedAt = performance.now();
    let response: Response;
    try {
      response = await fetch(this.url(path), { method, headers, body: payload, signal: AbortSignal.timeout(30000) });
    } catch (error) {
      throw new DemoError(options, `${method} ${path} did not get an answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    this.record(method, path, startedAt);
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const ok = options.accept ? options.accept.includes(response.status) : response.status >= 200 && response.status < 300;
    if (!ok) {
      const who = options.as ? ` as ${options.as.label}` : '';
      throw new DemoError(options, `${method} ${path}${who} answered ${response.status}`, response.status, body);
    }
    return { status: response.status, body: body as T };
  }

  async get<T = unknown>(path: string, options: RequestOptions): Promise<T> {
    return (await this.request<T>('GET', path, options)).body;
  }

  async post<T = unknown>(path: string, body: unknown, options: RequestOptions): Promise<T> {
    return (await this.request<T>('POST', path, { ...options, body })).body;
  }

  async put<T = unknown>(path: string, body: unknown, options: RequestOptions): Promise<T> {
    return (await this.request<T>('PUT', path, { ...options, body })).body;
  }

  async patch<T = unknown>(path: string, body: unknown, options: RequestOptions): Promise<T> {
    return (await this.request<T>('PATCH', path, { ...options, body })).body;
  }

  /** A binary resource (a PDF): the bytes and the content type. */
  async bytes(path: string, options: RequestOptions): Promise<{ status: number; contentType: string; bytes: Buffer }> {
    this.requests += 1;
    const startedAt = performance.now();
    const headers: Record<string, string> = options.as ? { authorization: `Bearer ${options.as.token}` } : {};
    let response: Response;
    try {
      response = await fetch(this.url(path), { headers, signal: AbortSignal.timeout(30000) });
    } catch (error) {
      throw new DemoError(options, `GET ${path} did not get an answer: ${(error as Error).message}`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    this.record('GET', path, startedAt);
    if (!(options.accept ?? [200]).includes(response.status)) {
      throw new DemoError(options, `GET ${path} answered ${response.status}`, response.status, bytes.toString('utf8').slice(0, 500));
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', bytes };
  }

  async signIn(email: string, password: string, label: string, context: StepContext): Promise<Session> {
    const tokens = await this.post<{ accessToken: string }>('/api/auth/login', { email, password }, context).catch((error: unknown) => {
      if (error instanceof DemoError && error.status === 429) {
        throw new DemoError(
          context,
          `signing in as ${email} was rate limited: the demo signs in as every holder and reviewer it plays, all from this one address. ` +
            'Start the engine with LOGIN_MAX_PER_IP=1000 (or let the demo start its own engine), then run the demo again',
          error.status,
          error.body,
        );
      }
      throw error;
    });
    return { label, token: tokens.accessToken };
  }
}

/**
 * Runs `task` on every item, at most `concurrency` at a time, and returns the results in order.
 * The first failure stops new tasks from starting and is rethrown once the running ones settle.
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}

/** Polls `probe` every `intervalMs` until `accept` holds; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(
  context: StepContext,
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 60000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new DemoError(context, `${what}: not reached within ${Math.round(timeoutMs / 1000)} s`, undefined, value);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
