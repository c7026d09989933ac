import http from 'node:http';

export interface KeepAliveGetter {
  /** GETs `path` with the given cookie; resolves with the status and the body. */
  get(path: string, cookie?: string): Promise<{ status: number; body: string }>;
  close(): void;
}

/**
 * GETs over a pool of keep-alive connections (as a browser or a reverse proxy holds them), with
 * plain node:http to keep the load generator's own CPU small.
 */
export function keepAliveGetter(baseUrl: string, maxSockets = 256): KeepAliveGetter {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  return {
    get: (path, cookie) =>
      new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path,
            method: 'GET',
            headers: cookie ? { cookie, accept: 'application/json' } : { accept: 'application/json' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}
