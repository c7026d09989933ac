import { useEffect, useState } from 'react';
import { previewAlert, type AlertPreview } from '../../api/alerts';
import { isAreaEmpty, toCapArea, type DraftArea } from './areaModel';

export type PreviewState =
  | { status: 'empty' }
  | { status: 'loading'; previous: AlertPreview | null }
  | { status: 'ready'; preview: AlertPreview }
  | { status: 'failed'; error: unknown };

/** Waits for the operator to stop editing the area before asking the database to count. */
const DEBOUNCE_MS = 300;

/** How many people the draft area targets right now; recounted whenever the area changes. */
export function usePreview(area: DraftArea): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: 'empty' });

  useEffect(() => {
    if (isAreaEmpty(area)) {
      setState({ status: 'empty' });
      return;
    }
    setState((previous) => ({
      status: 'loading',
      previous:
        previous.status === 'ready'
          ? previous.preview
          : previous.status === 'loading'
            ? previous.previous
            : null,
    }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewAlert([toCapArea(area, 'preview')], controller.signal).then(
        (preview) => setState({ status: 'ready', preview }),
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'failed', error });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [area]);

  return state;
}
