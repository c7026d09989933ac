import { describe, expect, it } from 'vitest';
import { roomsInConnectionOrder } from './connection-order.js';

describe('roomsInConnectionOrder', () => {
  const sockets = (count: number) =>
    new Map(
      Array.from({ length: count }, (_, i) => [`s${i}`, new Set([`s${i}`, `user:${i}`, 'role:resident'])]),
    );

  it('orders a large emit by when its sockets connected, and keeps every room once', () => {
    const connected = sockets(600);
    const rooms = [...Array.from({ length: 500 }, (_, i) => `user:${(i * 7919) % 600}`), 'user:elsewhere'];
    const ordered = roomsInConnectionOrder(connected, rooms);
    expect([...ordered].sort()).toEqual([...rooms].sort());
    const positions = ordered.slice(0, -1).map((room) => Number(room.split(':')[1]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Rooms without a socket here (other nodes, nobody connected) come last.
    expect(ordered.at(-1)).toBe('user:elsewhere');
  });

  it('leaves a small emit as it is', () => {
    const rooms = ['user:5', 'user:1', 'user:3'];
    expect(roomsInConnectionOrder(sockets(10), rooms)).toBe(rooms);
  });
});
