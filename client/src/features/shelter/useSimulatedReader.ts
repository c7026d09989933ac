import { useCallback, useEffect, useRef, useState } from 'react';
import { connectReader, sendTap, type ReaderConfig, type ReaderSocket } from '../../api/readerSocket';
import type { ReaderMode } from '../../api/readers';
import { uuidV4 } from './cardUid';

export interface SimulatedTapResult {
  eventId: string;
  cardUid: string;
  outcome: string | null;
  errorId: string | null;
  duplicate: boolean;
  occupancy: number | null;
}

export type SimulatorStatus = 'idle' | 'connecting' | 'connected' | 'failed';

export interface SimulatedReader {
  status: SimulatorStatus;
  errorId: string | null;
  config: ReaderConfig | null;
  results: SimulatedTapResult[];
  recentCards: string[];
  connected: boolean;
  use: (deviceKey: string) => void;
  disconnect: () => void;
  tap: (cardUid: string, direction: ReaderMode) => Promise<SimulatedTapResult>;
}

const KEEP = 8;

/**
 * A reader agent in the browser, for training and tests: it holds a device key in memory only and
 * sends taps over the same `/readers` namespace and acknowledgement protocol as a real reader.
 */
export function useSimulatedReader(shelterId: string): SimulatedReader {
  const socketRef = useRef<ReaderSocket | null>(null);
  const [status, setStatus] = useState<SimulatorStatus>('idle');
  const [errorId, setErrorId] = useState<string | null>(null);
  const [config, setConfig] = useState<ReaderConfig | null>(null);
  const [results, setResults] = useState<SimulatedTapResult[]>([]);
  const [recentCards, setRecentCards] = useState<string[]>([]);

  const disconnect = useCallback(() => {
    socketRef.current?.disconnect();
    socketRef.current = null;
    setStatus('idle');
    setConfig(null);
  }, []);

  const use = useCallback((deviceKey: string) => {
    socketRef.current?.disconnect();
    setErrorId(null);
    setStatus('connecting');
    const socket = connectReader(deviceKey.trim());
    socketRef.current = socket;
    socket.on('connect', () => setStatus('connected'));
    socket.on('reader:config', setConfig);
    socket.on('connect_error', (error: Error & { data?: { id?: string } }) => {
      setErrorId(error.data?.id ?? error.message);
      setStatus('failed');
    });
    socket.on('disconnect', (reason) => {
      // The server drops a revoked reader; anything else reconnects by itself.
      if (reason === 'io server disconnect') {
        setErrorId('reader_revoked');
        setStatus('failed');
      } else setStatus('connecting');
    });
  }, []);

  // A simulated reader belongs to one shelter's console; switching shelters puts it down.
  useEffect(() => {
    setResults([]);
    return disconnect;
  }, [shelterId, disconnect]);

  const tap = useCallback(async (cardUid: string, direction: ReaderMode): Promise<SimulatedTapResult> => {
    const eventId = uuidV4();
    const socket = socketRef.current;
    let result: SimulatedTapResult;
    if (!socket?.connected) {
      result = { eventId, cardUid, outcome: null, errorId: 'network', duplicate: false, occupancy: null };
    } else {
      const answer = await sendTap(socket, {
        eventId,
        cardUid,
        tappedAt: new Date().toISOString(),
        direction,
      });
      result = answer.ok
        ? {
            eventId,
            cardUid,
            outcome: answer.result.outcome,
            errorId: answer.result.error?.id ?? null,
            duplicate: answer.result.duplicate,
            occupancy: answer.result.occupancy,
          }
        : { eventId, cardUid, outcome: null, errorId: answer.errorId, duplicate: false, occupancy: null };
    }
    setResults((list) => [result, ...list].slice(0, KEEP));
    setRecentCards((cards) => [cardUid, ...cards.filter((card) => card !== cardUid)].slice(0, KEEP));
    return result;
  }, []);

  return {
    status,
    errorId,
    config,
    results,
    recentCards,
    connected: status === 'connected',
    use,
    disconnect,
    tap,
  };
}
