import type { CapAlertInput } from '@geo/src/cap/cap.schema';

type CapInfoInput = NonNullable<CapAlertInput['info']>[number];

/** The info block in the reader's language (matched on the primary subtag), else Japanese, else the first. */
export function capInfoFor(cap: CapAlertInput, language: string | undefined): CapInfoInput | undefined {
  const infos = cap.info ?? [];
  const base = (tag: string | undefined) => (tag ?? '').toLowerCase().split('-')[0];
  return (
    infos.find((info) => base(info.language) === base(language)) ??
    infos.find((info) => base(info.language) === 'ja') ??
    infos[0]
  );
}
