import { ApiError } from '../../api/errors';
import { postDelivered, postRead, postRespond, type InboxAck, type InboxAnswer } from '../../api/inbox';
import type { AppSocket } from '../../api/socket';

/** An acknowledgement slower than this counts as lost; the REST call then does the same thing. */
const ACK_TIMEOUT_MS = 4000;

type Receipt =
  | { event: 'inbox:delivered'; position: number }
  | { event: 'inbox:read'; position: number }
  | { event: 'inbox:respond'; position: number; answer: InboxAnswer };

function rest(receipt: Receipt): Promise<unknown> {
  switch (receipt.event) {
    case 'inbox:delivered':
      return postDelivered(receipt.position);
    case 'inbox:read':
      return postRead(receipt.position);
    case 'inbox:respond':
      return postRespond(receipt.position, receipt.answer);
  }
}

async function viaSocket(socket: AppSocket, receipt: Receipt): Promise<InboxAck> {
  const timed = socket.timeout(ACK_TIMEOUT_MS);
  if (receipt.event === 'inbox:respond') {
    return timed.emitWithAck('inbox:respond', {
      position: receipt.position,
      ...receipt.answer,
    }) as Promise<InboxAck>;
  }
  return timed.emitWithAck(receipt.event, { position: receipt.position }) as Promise<InboxAck>;
}

/**
 * Sends a receipt or an answer over the socket with an acknowledgement, and over REST when the
 * socket is down or the acknowledgement does not come. Both are idempotent on the server, so a
 * late acknowledgement followed by the REST call does no harm. A refusal (such as answering a
 * cancellation) is final and throws.
 */
export async function sendReceipt(socket: AppSocket | null, receipt: Receipt): Promise<void> {
  if (socket?.connected) {
    let ack: InboxAck | undefined;
    try {
      ack = await viaSocket(socket, receipt);
    } catch {
      ack = undefined;
    }
    if (ack && 'ok' in ack) return;
    if (ack && 'error' in ack && ack.error.id !== 'internal_error') {
      throw new ApiError(400, ack.error.id, ack.error.message);
    }
  }
  await rest(receipt);
}
