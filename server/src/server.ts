import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppDeps } from './app.js';

export interface RunningServer extends App {
  url: string;
  close(): Promise<void>;
}

/** Listens on HOST:PORT (port 0 picks a free one) and knows how to stop gracefully. */
export async function listen(deps: AppDeps): Promise<RunningServer> {
  const app = createApp(deps);
  // Workers take jobs only once the engine's tables and queues exist.
  await app.jobs.start();
  app.channels.sms?.start();
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(deps.config.PORT, deps.config.HOST, () => resolve());
  });
  const { port } = app.httpServer.address() as AddressInfo;
  const host = deps.config.HOST.includes(':') ? `[${deps.config.HOST}]` : deps.config.HOST;
  const displayHost = host === '0.0.0.0' || host === '[::]' ? 'localhost' : host;
  return {
    ...app,
    url: `http://${displayHost}:${port}`,
    async close() {
      // Stop taking new connections, tell sockets to go (they reconnect to another node), then
      // wait for in-flight requests to finish.
      await new Promise<void>((resolve) => {
        void app.io.close(() => resolve());
      });
      app.httpServer.closeIdleConnections();
      await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
      await app.jobs.stop();
      // After the workers (a send in progress finishes on its connection): the node's e-mail and
      // SMS connections, and the push sender unless the caller handed the senders in.
      await app.channels.close();
      if (!deps.channelSenders) await app.channelSenders.push?.close?.();
    },
  };
}
