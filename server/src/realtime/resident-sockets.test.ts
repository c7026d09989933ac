import { describe, expect, it } from 'vitest';
import { ResidentSockets } from './resident-sockets.js';

describe('ResidentSockets', () => {
  it('names resident rooms in the order their first socket connected, the others after as given', () => {
    const sockets = new ResidentSockets();
    for (const id of ['a', 'b', 'c', 'd']) sockets.connected(id);
    expect(sockets.roomsInConnectionOrder(['elsewhere', 'd', 'b', 'gone', 'a'])).toEqual([
      'resident:a',
      'resident:b',
      'resident:d',
      'resident:elsewhere',
      'resident:gone',
    ]);
  });

  it('forgets a resident when their last socket disconnects', () => {
    const sockets = new ResidentSockets();
    sockets.connected('a');
    sockets.connected('b');
    sockets.connected('a');
    sockets.disconnected('a');
    expect(sockets.roomsInConnectionOrder(['b', 'a'])).toEqual(['resident:a', 'resident:b']);
    sockets.disconnected('a');
    sockets.disconnected('a');
    // a now counts as elsewhere (after b); a later socket of a connects after b.
    expect(sockets.roomsInConnectionOrder(['a', 'b'])).toEqual(['resident:b', 'resident:a']);
    sockets.connected('a');
    expect(sockets.roomsInConnectionOrder(['a', 'b'])).toEqual(['resident:b', 'resident:a']);
  });

  it('leaves out people with no socket here when no other node shares the rooms', () => {
    const sockets = new ResidentSockets(false);
    sockets.connected('b');
    sockets.connected('a');
    expect(sockets.roomsInConnectionOrder(['a', 'elsewhere', 'b'])).toEqual(['resident:b', 'resident:a']);
    expect(sockets.roomsInConnectionOrder(['elsewhere'])).toEqual([]);
  });
});
