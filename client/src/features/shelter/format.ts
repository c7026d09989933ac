interface Named {
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
}

/** Family name first, as on Japanese documents; Latin names keep a space so they stay readable. */
export function fullName(person: Named): string {
  return `${person.familyName} ${person.givenName}`.trim();
}

export function fullKana(person: Named): string | null {
  const kana = [person.familyNameKana, person.givenNameKana].filter((part) => part).join(' ');
  return kana === '' ? null : kana;
}

/** Age in whole years on `today`; null without a birth date. */
export function ageOn(birthDate: string | null, today: Date): number | null {
  if (!birthDate) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  const beforeBirthday =
    today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}

/** Clock time for the live log; the date only when it is not today. */
export function formatTapTime(iso: string, language: string | undefined, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return date.toLocaleString(language, {
    ...(sameDay ? {} : { month: 'numeric', day: 'numeric' }),
    // 24-hour clock: a log read at 3 a.m. must not hinge on a small AM/PM suffix.
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
