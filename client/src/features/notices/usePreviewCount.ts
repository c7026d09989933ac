import { useEffect, useState } from 'react';
import { previewNotice, type NoticePreview } from '../../api/notices';
import { toTargeting, type NoticeDraft } from './noticeDraft';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; preview: NoticePreview }
  | { status: 'failed'; error: unknown };

/** The count (and personal data found) for the draft, asked again 400 ms after typing stops. */
export function usePreviewCount(draft: NoticeDraft): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const targeting = toTargeting(draft);
  const key = JSON.stringify([targeting, draft.ja, draft.en]);

  useEffect(() => {
    if (typeof targeting === 'string') {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: 'loading' });
      previewNotice(targeting, { ja: draft.ja, en: draft.en }, controller.signal).then(
        (preview) => setState({ status: 'ready', preview }),
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'failed', error });
        },
      );
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The key holds everything the request depends on.
  }, [key]);

  return state;
}
