import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppSocket } from '../../api/socket';
import { sendReceipt } from './receipts';

const rest = vi.hoisted(() => ({
  postDelivered: vi.fn(() => Promise.resolve({ ok: true })),
  postRead: vi.fn(() => Promise.resolve({ ok: true })),
  postRespond: vi.fn(() => Promise.resolve({ ok: true })),
}));
vi.mock('../../api/inbox', () => rest);

/** A socket whose acknowledgements are whatever the test says. */
function socket(connected: boolean, ack: () => Promise<unknown>) {
  const emitWithAck = vi.fn(ack);
  const fake = { connected, timeout: () => ({ emitWithAck }) } as unknown as AppSocket;
  return { fake, emitWithAck };
}

describe('sendReceipt', () => {
  beforeEach(() => vi.clearAllMocks());

  it('uses the socket when it acknowledges', async () => {
    const { fake, emitWithAck } = socket(true, () => Promise.resolve({ ok: true }));
    await sendReceipt(fake, { event: 'inbox:read', position: 3 });
    expect(emitWithAck).toHaveBeenCalledWith('inbox:read', { position: 3 });
    expect(rest.postRead).not.toHaveBeenCalled();
  });

  it('falls back to REST when the acknowledgement times out or the socket is down', async () => {
    const { fake } = socket(true, () => Promise.reject(new Error('operation has timed out')));
    await sendReceipt(fake, { event: 'inbox:delivered', position: 4 });
    expect(rest.postDelivered).toHaveBeenCalledWith(4);
    await sendReceipt(null, { event: 'inbox:respond', position: 4, answer: { response: 'safe' } });
    expect(rest.postRespond).toHaveBeenCalledWith(4, { response: 'safe' });
  });

  it('treats a refusal as final', async () => {
    const { fake } = socket(true, () =>
      Promise.resolve({ error: { id: 'not_respondable', message: 'cancelled' } }),
    );
    await expect(
      sendReceipt(fake, { event: 'inbox:respond', position: 5, answer: { response: 'need_help' } }),
    ).rejects.toMatchObject({ id: 'not_respondable' });
    expect(rest.postRespond).not.toHaveBeenCalled();
  });
});
