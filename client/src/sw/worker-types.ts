/**
 * The service worker globals this worker uses. The client's TypeScript program is typed for
 * pages (lib "DOM"), and lib "WebWorker" cannot sit beside it, so the few worker-only types are
 * declared here.
 */
export interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

export interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

export interface PushEvent extends ExtendableEvent {
  readonly data: { text(): string } | null;
}

export interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}

export interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  /** The page that posted the message (pages are the only senders here). */
  readonly source: WindowClient | null;
}

export interface WindowClient {
  readonly id: string;
  readonly url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
  postMessage(message: unknown): void;
}

export interface Clients {
  matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
  openWindow(url: string): Promise<WindowClient | null>;
  claim(): Promise<void>;
}

export interface WorkerRegistration {
  showNotification(title: string, options: NotificationOptions & { renotify?: boolean }): Promise<void>;
  getNotifications(filter?: { tag?: string }): Promise<Notification[]>;
}

export interface WorkerScope {
  readonly location: Location;
  readonly registration: WorkerRegistration;
  readonly clients: Clients;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

/** What the worker tells the pages of its origin (the second only in browser-test builds). */
export type WorkerToPage =
  { type: 'hinan:navigate'; url: string } | { type: 'hinan:e2e-open-window'; url: string };

/** What pages tell the worker. */
export type PageToWorker = { type: 'hinan:sign-out' } | { type: 'hinan:e2e-notificationclick'; tag: string };
