/**
 * The fan-out baseline: a bare Socket.IO 4 server, run as its own process like the real one. It
 * accepts any socket (no session, no rooms, no database) and, on `POST /broadcast`, emits the JSON
 * body as one `inbox:new` to every socket with a single `io.emit`, and answers with the number of
 * sockets and how long the emit took. `GET /healthz` says it is up.
 *
 * Run: PORT=… node --import tsx loadtest/lib/bare-broadcast.ts
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const MAX_BODY_BYTES = 64 * 1024;
const port = Number(process.env.PORT ?? 0);

const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const started = performance.now();
    io.emit('inbox:new', payload);
    // How long the broadcast held the event loop: the figure to set against the server's `emit`.
    const emitMs = Math.round((performance.now() - started) * 10) / 10;
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ sockets: io.engine.clientsCount, emitMs }));
  });
});

const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_BODY_BYTES });

http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`bare broadcast listening on ${typeof address === 'object' ? address?.port : port}\n`);
});

const stop = () => void io.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
