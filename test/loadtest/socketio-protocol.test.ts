import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodePacket,
  encodeAck,
  encodeConnect,
  encodeDisconnect,
  encodeEvent,
  peekEvent,
  socketIoUrl,
  uuidV4,
} from '../../loadtest/k6/lib/socketio-protocol.js';

describe('Socket.IO framing for the k6 scripts', () => {
  it('builds the WebSocket URL of the Engine.IO v4 endpoint', () => {
    expect(socketIoUrl('http://127.0.0.1:3000')).toBe(
      'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket',
    );
    expect(socketIoUrl('https://example.test/')).toBe(
      'wss://example.test/socket.io/?EIO=4&transport=websocket',
    );
  });

  it('encodes namespace connects with and without auth', () => {
    expect(encodeConnect()).toBe('40');
    expect(encodeConnect('/readers', { deviceKey: 'k' })).toBe('40/readers,{"deviceKey":"k"}');
  });

  it('encodes events, events asking for an ack, acks and disconnects', () => {
    expect(encodeEvent('/', 'hello', [1, { a: 'b' }])).toBe('42["hello",1,{"a":"b"}]');
    expect(encodeEvent('/readers', 'tap', [{ x: 1 }], 17)).toBe('42/readers,17["tap",{"x":1}]');
    expect(encodeAck('/', 3, [{ ok: true }])).toBe('433[{"ok":true}]');
    expect(encodeDisconnect('/readers')).toBe('41/readers,');
    expect(encodeDisconnect()).toBe('41');
  });

  it('decodes the open packet, ping, pong and close', () => {
    const open = decodeFrame('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}');
    expect(open).toEqual({
      engine: 'open',
      handshake: { sid: 'abc', upgrades: [], pingInterval: 25000, pingTimeout: 20000 },
    });
    expect(decodeFrame('2')).toEqual({ engine: 'ping', data: '' });
    expect(decodeFrame('3probe')).toEqual({ engine: 'pong', data: 'probe' });
    expect(decodeFrame('1')).toEqual({ engine: 'close' });
  });

  it('decodes events with namespace, ack id and the recovery offset argument', () => {
    expect(decodeFrame('42["inbox:new",{"position":5},"MzQ"]')).toEqual({
      engine: 'message',
      packet: { type: 2, nsp: '/', id: undefined, data: ['inbox:new', { position: 5 }, 'MzQ'] },
    });
    expect(decodeFrame('43/readers,12[{"outcome":"checked_in"}]')).toEqual({
      engine: 'message',
      packet: { type: 3, nsp: '/readers', id: 12, data: [{ outcome: 'checked_in' }] },
    });
    expect(decodePacket('0{"sid":"x","pid":"y"}')).toEqual({
      type: 0,
      nsp: '/',
      id: undefined,
      data: { sid: 'x', pid: 'y' },
    });
    expect(decodePacket('4{"message":"no"}')).toEqual({
      type: 4,
      nsp: '/',
      id: undefined,
      data: { message: 'no' },
    });
    expect(decodePacket('1/readers')).toEqual({ type: 1, nsp: '/readers', id: undefined, data: undefined });
  });

  it('round-trips what it encodes', () => {
    const text = encodeEvent('/readers', 'taps', [{ taps: [{ a: '日本' }] }], 12345);
    const frame = decodeFrame(text);
    expect(frame).toEqual({
      engine: 'message',
      packet: { type: 2, nsp: '/readers', id: 12345, data: ['taps', { taps: [{ a: '日本' }] }] },
    });
  });

  it('reports malformed frames instead of throwing', () => {
    for (const bad of ['', '9', '0not json', '0{}', '4', '42{"a":1}', '42[1]', '42["x"', '45[]', '4x']) {
      const frame = decodeFrame(bad);
      expect(frame.engine, bad).toBe('invalid');
    }
    expect(decodeFrame(undefined).engine).toBe('invalid');
  });

  it('makes version-4 UUIDs the server accepts', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = uuidV4();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(200);
    expect(uuidV4(() => 0)).toBe('00000000-0000-4000-8000-000000000000');
  });

  it("reads an event frame's namespace, ack id and name without its payload", () => {
    expect(peekEvent('42["inbox:new",{"position":3}]')).toEqual({
      nsp: '/',
      id: undefined,
      name: 'inbox:new',
    });
    expect(peekEvent('42/readers,17["tap",{"x":1}]')).toEqual({ nsp: '/readers', id: 17, name: 'tap' });
    // Only the head is read: a payload that is not JSON does not matter here.
    expect(peekEvent('42["shelter:occupancy",{broken')).toEqual({
      nsp: '/',
      id: undefined,
      name: 'shelter:occupancy',
    });
    // Not events, or names that need a real JSON parse: left to decodeFrame.
    for (const text of [
      '40',
      '43["x"]',
      '2',
      '0{"sid":"a"}',
      '42[1]',
      '42/readers',
      '42["a\\"b",1]',
      '42["open',
    ]) {
      expect(peekEvent(text)).toBeUndefined();
    }
    expect(peekEvent(undefined)).toBeUndefined();
  });
});
