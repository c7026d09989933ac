import type { TFunction } from 'i18next';
import type { InboxApplicationChange } from '../../api/inbox';

/** An application's inbox line: "罹災証明書：修正依頼". */
export function applicationHeadline(change: InboxApplicationChange, t: TFunction): string {
  return t('relief.inbox.headline', {
    programme: t(`relief.programme.${change.programmeCode}`, { defaultValue: change.programmeCode }),
    state: t(`relief.state.${change.state}`, { defaultValue: change.state }),
  });
}
