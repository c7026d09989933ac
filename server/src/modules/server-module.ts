import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ApiRouter } from '../http/route.js';
import type { Logger } from '../logger.js';
import type { RedisConnections } from '../realtime/redis.js';
import type { RealtimeServer } from '../realtime/socket-server.js';
import type { AlertStatsPublisher } from './alerts/alerts.stats.js';
import type { AuthService } from './auth/auth.service.js';
import type { CheckinService } from './checkins/checkins.service.js';
import type { ChannelSenders, ProtocolSenders } from './delivery/channel-senders.js';
import type { JobEngine } from './jobs/job-engine.js';
import type { ReaderService } from './readers/readers.service.js';

/** What every module gets to register its routes, socket handlers and live publishers. */
export interface ModuleContext {
  api: ApiRouter;
  config: Config;
  db: Database;
  io: RealtimeServer;
  logger: Logger;
  version: string;
  /** Services more than one module uses, built once by the app. */
  auth: AuthService;
  checkins: CheckinService;
  readers: ReaderService;
  /** Live receipt counts for HQ: warnings are counted as they are sent, answers as they arrive. */
  alertStats: AlertStatsPublisher;
  /** The node's Redis when REDIS_URL is set: rate limits that must hold across nodes count there. */
  redis: RedisConnections | null;
  /** The job engine: modules declare their queues and workers here while the app is built. */
  jobs: JobEngine;
  /** The node's e-mail and SMS senders (null where the channel is not configured). */
  channels: ProtocolSenders;
  /** The channels' senders of this node (Web Push, e-mail, SMS); a channel without one is not used. */
  channelSenders: ChannelSenders;
}

/**
 * A server module registers itself from its own `<name>.module.ts`. The app registers them in the
 * order of its list, which is the order routes match in.
 */
export interface ServerModule {
  readonly name: string;
  register(context: ModuleContext): void;
}
