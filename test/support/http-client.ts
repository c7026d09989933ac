/** A cookie-keeping JSON client for integration tests, the way the web client talks to the API. */
export class HttpClient {
  private cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string | undefined {
    return this.cookie;
  }

  async request(
    method: string,
    path: string,
    options: { json?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] ??= this.csrfToken;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const setCookie = response.headers.getSetCookie();
    for (const line of setCookie) {
      const pair = line.split(';')[0] ?? '';
      const value = pair.slice(pair.indexOf('=') + 1);
      this.cookie = value ? pair : undefined;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  put(path: string, json?: unknown) {
    return this.request('PUT', path, { json: json ?? {} });
  }

  post(path: string, json?: unknown) {
    return this.request('POST', path, json === undefined ? {} : { json });
  }

  async login(username: string, password: string): Promise<void> {
    const { status, body } = await this.post('/api/auth/login', { username, password });
    if (status !== 200) throw new Error(`login failed with ${status}: ${JSON.stringify(body)}`);
    this.csrfToken = (body as { csrfToken: string }).csrfToken;
  }
}
