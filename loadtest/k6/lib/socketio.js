/**
 * Socket.IO for k6 scripts. Two ways to hold sockets:
 *
 * - `connectSocketIo(url, options, setup)` on `k6/ws`: one socket per VU; the call blocks the VU
 *   until the socket closes; `setup(client, socket)` registers handlers and may use
 *   `socket.setTimeout` / `socket.setInterval`.
 * - `openSocketIo(url, options)` on `k6/experimental/websockets`: returns at once, so one VU can
 *   hold hundreds of sockets (the fan-out and reconnect scripts use it: 10,000 VUs would cost k6
 *   gigabytes of memory on the machine that runs the server).
 *
 * options: { nsp = '/', auth, headers } — `headers.Cookie` carries the resident's session.
 */
import ws from 'k6/ws';
import { WebSocket } from 'k6/experimental/websockets';
import { openSocketIo as openOn, SocketIoClient } from './socketio-client.js';
import { socketIoUrl } from './socketio-protocol.js';

export { socketIoUrl };

export function connectSocketIo(baseUrl, options, setup) {
  return ws.connect(
    socketIoUrl(baseUrl),
    { headers: options.headers || {}, tags: options.tags },
    (socket) => {
      const client = new SocketIoClient(
        { send: (text) => socket.send(text), close: () => socket.close() },
        { nsp: options.nsp, auth: options.auth },
      );
      socket.on('message', (text) => client.handleFrame(text));
      socket.on('close', () => client.handleClose());
      socket.on('error', (event) => client.fire('error', event.error()));
      setup(client, socket);
    },
  );
}

export function openSocketIo(baseUrl, options = {}) {
  return openOn(WebSocket, socketIoUrl(baseUrl), options);
}
