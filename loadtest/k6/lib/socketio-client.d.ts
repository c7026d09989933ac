/** Types of socketio-client.js (plain JS so that k6 can load it). */
export interface Transport {
  send(text: string): void;
  close(): void;
}

export interface ClientOptions {
  nsp?: string;
  auth?: unknown;
  now?: () => number;
}

export declare class SocketIoClient {
  constructor(transport: Transport, options?: ClientOptions);
  readonly nsp: string;
  state: 'opening' | 'engine-open' | 'connected' | 'closed';
  handshake: { sid: string; pingInterval?: number; pingTimeout?: number } | undefined;
  sid: string | undefined;
  protocolErrors: number;
  framesSkipped: number;
  readonly connected: boolean;
  readonly pendingAckCount: number;
  // Handlers receive whatever the server sent; each script knows its own event shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, handler: (...args: any[]) => void): this;
  emit(event: string, ...args: unknown[]): void;
  emitWithAck(event: string, args: unknown[], onAck: (args: unknown[], elapsedMs: number) => void): number;
  disconnect(): void;
  handleFrame(text: string): void;
  handleClose(reason?: string): void;
  fire(event: string, ...args: unknown[]): void;
}

/** The part of the WebSocket API the client uses (k6/experimental/websockets and `ws` both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onopen: any;
  // Handler slots are assigned by the client; their event types differ between implementations.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onmessage: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onclose: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onerror: any;
}

export declare function openSocketIo(
  WebSocketImpl: new (
    url: string,
    protocols: string[],
    options: { headers: Record<string, string> },
  ) => WebSocketLike,
  url: string,
  options?: ClientOptions & { headers?: Record<string, string> },
): SocketIoClient;

export declare function deferredCloseTransport(socket: WebSocketLike): Transport;
