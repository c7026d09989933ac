import type { TFunction } from 'i18next';
import type { InboxEntry } from '../../api/inbox';

type AccountNews = NonNullable<InboxEntry['account']>;

/** The account's inbox line: created, recovered, or a household member created theirs. */
export function accountHeadline(account: AccountNews, t: TFunction): string {
  return t(`enrolment.inbox.${account.event}`, { name: account.member?.displayName ?? '' });
}

/** What to do if the reader did not do it (or the household member says they did not). */
export function accountHint(account: AccountNews, t: TFunction): string {
  return t(
    account.event === 'household_member_enrolled'
      ? 'enrolment.inbox.householdHint'
      : 'enrolment.inbox.ownHint',
  );
}
