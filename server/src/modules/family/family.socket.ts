import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { residentOf } from '../../policies/index.js';
import { rooms } from '../../realtime/events.js';
import { familyRoom } from '../../realtime/family-rooms.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { visibleResidentIds, watcherUserIds } from './family.queries.js';

/**
 * Keeps each family room holding exactly the sockets allowed to follow that person: joined on
 * connect from the visibility rules, and re-computed after any change of those rules (privacy
 * setting, designation accepted or ended). Works across nodes through the Socket.IO adapter.
 */
export class FamilyRooms {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly logger: Logger,
  ) {}

  attach(): void {
    this.io?.on('connection', (socket) => {
      const residentId = residentOf(socket.data.user)?.residentId;
      if (!residentId) return;
      visibleResidentIds(this.db, residentId)
        .then(async (ids) => {
          await socket.join(ids.map(familyRoom));
          socket.emit('family:subscribed', { residentIds: ids });
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'family rooms: join failed'));
    });
  }

  /**
   * Call after commit when who may see `subjectResidentId` may have changed. Sockets that lost or
   * gained the person get a fresh `family:subscribed`, so their family list follows without reload.
   */
  async resync(subjectResidentId: string): Promise<void> {
    if (!this.io) return;
    const room = familyRoom(subjectResidentId);
    const allowed = await watcherUserIds(this.db, subjectResidentId);
    const allowedSet = new Set(allowed);
    const changed = new Map<string, string>();
    const inRoom = await this.io.in(room).fetchSockets();
    for (const socket of inRoom) {
      const user = socket.data.user;
      if (user && allowedSet.has(user.id)) continue;
      socket.leave(room);
      if (user?.residentId) changed.set(user.id, user.residentId);
    }
    if (allowed.length > 0) {
      const already = new Set(inRoom.map((socket) => socket.id));
      for (const socket of await this.io.in(allowed.map(rooms.user)).fetchSockets()) {
        const user = socket.data.user;
        if (!already.has(socket.id) && user?.residentId) changed.set(user.id, user.residentId);
      }
      this.io.in(allowed.map(rooms.user)).socketsJoin(room);
    }
    for (const [userId, residentId] of changed) {
      const residentIds = await visibleResidentIds(this.db, residentId);
      this.io.to(rooms.user(userId)).emit('family:subscribed', { residentIds });
    }
  }
}
