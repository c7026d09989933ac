/** Types of socketio-protocol.js (plain JS so that k6 can load it). */
export declare const ENGINE: { OPEN: '0'; CLOSE: '1'; PING: '2'; PONG: '3'; MESSAGE: '4' };
export declare const PACKET: { CONNECT: 0; DISCONNECT: 1; EVENT: 2; ACK: 3; CONNECT_ERROR: 4 };

export interface Packet {
  type: number;
  nsp: string;
  id: number | undefined;
  data: unknown;
}

export type Frame =
  | { engine: 'open'; handshake: { sid: string; pingInterval?: number; pingTimeout?: number } }
  | { engine: 'ping' | 'pong'; data: string }
  | { engine: 'close' }
  | { engine: 'message'; packet: Packet }
  | { engine: 'invalid'; reason: string };

export declare function socketIoUrl(baseUrl: string, path?: string): string;
export declare function encodePacket(packet: {
  type: number;
  nsp?: string;
  id?: number;
  data?: unknown;
}): string;
export declare function encodeConnect(nsp?: string, auth?: unknown): string;
export declare function encodeDisconnect(nsp?: string): string;
export declare function encodeEvent(nsp: string, event: string, args: unknown[], id?: number): string;
export declare function encodeAck(nsp: string, id: number, args: unknown[]): string;
export declare function decodeFrame(text: unknown): Frame;
export declare function decodePacket(text: string): Packet | { reason: string };
export declare function peekEvent(
  text: unknown,
): { nsp: string; id: number | undefined; name: string } | undefined;
export declare function uuidV4(random?: () => number): string;
