import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { fetchShelters } from '../../api/shelters';
import { ApiError } from '../../api/http';
import { computeTotals, sheltersFromCollection, ShelterStore, type ShelterTotals } from './shelterStore';

export type SheltersState =
  { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; store: ShelterStore };

/** Loads every shelter of the prefecture once; `retry` reloads after a failure. */
export function useShelters(): [SheltersState, () => void] {
  const [state, setState] = useState<SheltersState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchShelters({}, controller.signal).then(
      (collection) =>
        setState({ status: 'ready', store: new ShelterStore(sheltersFromCollection(collection)) }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)),
        });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return [state, retry];
}

const noStore = () => () => undefined;

/** Totals re-derived whenever a live update changes the store. */
export function useTotals(store: ShelterStore | null): ShelterTotals | null {
  const version = useSyncExternalStore(store?.subscribe ?? noStore, store?.getVersion ?? (() => 0));
  return useMemo(() => (store ? computeTotals(store.all()) : null), [store, version]);
}
