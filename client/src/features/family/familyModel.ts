import type { FamilyList, FamilyMember, FamilyMemberDetail, Whereabouts } from '../../api/family';

/** An i18n key with its values, so pure code can describe things without knowing the language. */
export interface Phrase {
  key: string;
  values?: Record<string, string>;
}

const RELATION_ORDER = { self: 0, household: 1, designated_me: 2 } as const;

/** Me first, then my household, then people who named me; by name within each group. */
export function orderedMembers(list: FamilyList): FamilyMember[] {
  const others = list.members
    .filter((member) => member.residentId !== list.self.residentId)
    .sort(
      (a, b) =>
        RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] ||
        `${a.familyName}${a.givenName}`.localeCompare(`${b.familyName}${b.givenName}`, 'ja'),
    );
  return [list.self, ...others];
}

export function fullName(person: { familyName: string; givenName: string }): string {
  return `${person.familyName} ${person.givenName}`.trim();
}

function withoutHistory(detail: FamilyMemberDetail | FamilyMember): FamilyMember {
  const { residentId, familyName, givenName, relation, minor, whereabouts } = detail;
  return { residentId, familyName, givenName, relation, minor, whereabouts };
}

/**
 * The list with one person's fresh state put in. Null when the person is not in the list (a new
 * designation, say): the caller then reloads the whole list.
 */
export function replaceMember(list: FamilyList, fresh: FamilyMember): FamilyList | null {
  const member = withoutHistory(fresh);
  if (list.self.residentId === member.residentId) return { ...list, self: member };
  const index = list.members.findIndex((m) => m.residentId === member.residentId);
  if (index === -1) return null;
  const members = list.members.slice();
  members[index] = member;
  return { ...list, members };
}

/** After a 404 on refetch: the person hid from me or ended the designation. */
export function removeMember(list: FamilyList, residentId: string): FamilyList {
  return { ...list, members: list.members.filter((m) => m.residentId !== residentId) };
}

interface PlaceFacts {
  place: Whereabouts['place'];
  shelterName: string | null;
  municipality: Whereabouts['municipality'];
}

/** Where someone is, as one phrase: the shelter or municipality by name where there is one. */
export function placePhrase(facts: PlaceFacts | null): Phrase {
  if (!facts) return { key: 'family.place.none' };
  const { place, shelterName, municipality } = facts;
  if (place === 'shelter' && shelterName)
    return { key: 'family.place.shelterAt', values: { name: shelterName } };
  if (place === 'evacuated_outside' && municipality) {
    return {
      key: 'family.place.evacuatedTo',
      values: { municipality: municipality.name ?? municipality.code },
    };
  }
  return { key: `family.place.${place}` };
}

export function whereaboutsFacts(whereabouts: Whereabouts | null): PlaceFacts | null {
  if (!whereabouts) return null;
  return {
    place: whereabouts.place,
    shelterName: whereabouts.shelter?.name ?? null,
    municipality: whereabouts.municipality,
  };
}

/** The CSS tone of a safety state: good news green, needs attention red, nothing said neutral. */
export function safetyTone(safety: Whereabouts['safety'] | undefined): 'good' | 'alert' | 'warn' | 'none' {
  switch (safety) {
    case 'safe':
      return 'good';
    case 'needs_support':
    case 'missing':
      return 'alert';
    case 'injured':
      return 'warn';
    default:
      return 'none';
  }
}

const reportedAt = (member: FamilyMember | undefined) =>
  member?.whereabouts ? Date.parse(member.whereabouts.reportedAt) : -Infinity;

/**
 * A freshly loaded list, keeping any person whose state we already hold is newer: a single
 * person's refetch can overtake a list request that was sent before the change.
 */
export function mergeFresher(previous: FamilyList | null, next: FamilyList): FamilyList {
  if (!previous) return next;
  const known = new Map([previous.self, ...previous.members].map((m) => [m.residentId, m]));
  const pick = (member: FamilyMember): FamilyMember => {
    const old = known.get(member.residentId);
    return old && reportedAt(old) > reportedAt(member) ? { ...member, whereabouts: old.whereabouts } : member;
  };
  return { self: pick(next.self), members: next.members.map(pick) };
}
