import { Agent, ClientRequest, IncomingMessage, request } from 'node:http';

export interface HttpResult {
  /** 0 when no answer came (connection refused or reset, or the time limit passed) */
  status: number;
  body: string;
  /** milliseconds from sending to the end of the answer (or to the failure) */
  ms: number;
  /** why no answer came */
  error?: string;
}

export interface HttpOptions {
  token?: string;
  /** JSON unless a Buffer (then `contentType` says what it is) */
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

/**
 * A keep-alive HTTP/1.1 client on node:http (light on the CPU it shares with the engine it
 * drives). It never throws for a failed request: the result says what happened, with its time.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    maxSockets = 64,
    private readonly defaultTimeoutMs = 30000,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(method: string, path: string, options: HttpOptions = {}): Promise<HttpResult> {
    const payload = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (result: Omit<HttpResult, 'ms'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, ms: elapsed() });
      };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => finish({ status: 0, body: '', error: error.message }));
      };
      let req: ClientRequest;
      try {
        req = request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, onResponse);
      } catch (error) {
        // a request that cannot even be written (a bad path) is the caller's bug, not an answer
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const timer = setTimeout(() => {
        finish({ status: 0, body: '', error: `no answer within ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => finish({ status: 0, body: '', error: (error as NodeJS.ErrnoException).code ?? error.message }));
      req.end(payload);
    });
  }

  /** The JSON answer of a request that must answer one of `expected`; throws with the answer otherwise. */
  async json<T>(method: string, path: string, options: HttpOptions = {}, expected: number[] = [200, 201]): Promise<T> {
    const result = await this.send(method, path, options);
    if (!expected.includes(result.status)) throw new Error(`${method} ${path} answered ${result.status || result.error}: ${result.body.slice(0, 400)}`);
    return (result.body ? JSON.parse(result.body) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A multipart/form-data body with one file field. */
export function multipartFile(field: string, filename: string, contentType: string, content: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----fasp-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'latin1');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
