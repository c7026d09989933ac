import { FAMILY_NAMES, givenNamePool, type Name } from './names.js';
import type { Random } from './prng.js';

export type Sex = 'female' | 'male';
export type Relationship = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other';
export type CareNeed = 'elderly' | 'disability' | 'infant' | 'pregnancy' | 'medical' | 'language';

export interface PersonDraft {
  familyName: Name;
  givenName: Name;
  birthDate: string;
  sex: Sex;
  relationship: Relationship;
  careNeeds: CareNeed[];
}

/** Ages are taken on the day of the 2024 Noto earthquake, so the population never drifts with the clock. */
export const REFERENCE_DATE_UTC = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

/**
 * Household shapes and weights, roughly as in the 2020 census for Ishikawa (about 2.4 people per
 * household; a third of households are one person, many of them elderly).
 */
const HOUSEHOLD_WEIGHTS = {
  singleAdult: 19,
  singleElderly: 17,
  couple: 8,
  elderlyCouple: 16,
  family: 22,
  singleParent: 6,
  threeGeneration: 7,
  adultWithParent: 5,
} as const;

export type HouseholdShape = keyof typeof HOUSEHOLD_WEIGHTS;

function birthDateForAge(rng: Random, age: number): string {
  const daysBeforeBirthday = rng.int(1, 365);
  const ms = Date.UTC(2024 - age, 0, 1) - daysBeforeBirthday * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

function birthYearOf(birthDate: string): number {
  return Number(birthDate.slice(0, 4));
}

function careNeedsFor(rng: Random, age: number, sex: Sex, mayBePregnant: boolean): CareNeed[] {
  const needs: CareNeed[] = [];
  if (age >= 80 || (age >= 75 && rng.chance(0.35)) || (age >= 65 && rng.chance(0.05))) needs.push('elderly');
  if (age < 2) needs.push('infant');
  if (rng.chance(age < 18 ? 0.02 : 0.04)) needs.push('disability');
  if (rng.chance(age >= 65 ? 0.03 : 0.005)) needs.push('medical');
  if (mayBePregnant && sex === 'female' && age >= 20 && age <= 42 && rng.chance(0.04))
    needs.push('pregnancy');
  return needs;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/**
 * One household's people, head first. `maxSize` trims the household (children and parents go
 * first) so a run can stop at an exact resident count.
 */
export function draftHousehold(rng: Random, maxSize: number): PersonDraft[] {
  const familyName = rng.pick(FAMILY_NAMES);
  const person = (age: number, sex: Sex, relationship: Relationship, mayBePregnant = false): PersonDraft => {
    const birthDate = birthDateForAge(rng, age);
    return {
      familyName,
      givenName: rng.pick(givenNamePool(sex, birthYearOf(birthDate))),
      birthDate,
      sex,
      relationship,
      careNeeds: careNeedsFor(rng, age, sex, mayBePregnant),
    };
  };
  const otherSex = (sex: Sex): Sex => (sex === 'male' ? 'female' : 'male');
  const spouseOf = (headAge: number, headSex: Sex, mayBePregnant: boolean) =>
    person(
      clamp(headAge + (headSex === 'male' ? -rng.int(-2, 5) : rng.int(-2, 5)), 18, 100),
      otherSex(headSex),
      'spouse',
      mayBePregnant,
    );
  const children = (parentAge: number, count: number) =>
    Array.from({ length: count }, () =>
      person(
        rng.int(clamp(parentAge - 42, 0, 24), clamp(parentAge - 25, 0, 24)),
        rng.chance(0.51) ? 'male' : 'female',
        'child',
      ),
    );
  const parents = (childAge: number, count: number) => {
    const fatherAge = clamp(childAge + rng.int(24, 36), 50, 99);
    const out = [person(clamp(fatherAge - rng.int(-1, 4), 50, 100), 'female', 'parent')];
    if (count > 1) out.unshift(person(fatherAge, 'male', 'parent'));
    return out;
  };
  const childCount = () => rng.weighted({ one: 45, two: 43, three: 12 });
  const kids = { one: 1, two: 2, three: 3 } as const;

  const shape = rng.weighted(HOUSEHOLD_WEIGHTS);
  let members: PersonDraft[];
  switch (shape) {
    case 'singleAdult':
      members = [
        person(
          rng.chance(0.6) ? rng.int(20, 39) : rng.int(40, 64),
          rng.chance(0.55) ? 'male' : 'female',
          'head',
        ),
      ];
      break;
    case 'singleElderly':
      members = [person(rng.int(65, 97), rng.chance(0.65) ? 'female' : 'male', 'head')];
      break;
    case 'couple': {
      const age = rng.int(25, 64);
      members = [person(age, 'male', 'head'), spouseOf(age, 'male', true)];
      break;
    }
    case 'elderlyCouple': {
      const age = rng.int(65, 92);
      members = [person(age, 'male', 'head'), spouseOf(age, 'male', false)];
      break;
    }
    case 'family': {
      const age = rng.int(30, 58);
      members = [
        person(age, 'male', 'head'),
        spouseOf(age, 'male', true),
        ...children(age, kids[childCount()]),
      ];
      break;
    }
    case 'singleParent': {
      const age = rng.int(25, 55);
      const sex: Sex = rng.chance(0.85) ? 'female' : 'male';
      members = [person(age, sex, 'head'), ...children(age, rng.chance(0.6) ? 1 : 2)];
      break;
    }
    case 'threeGeneration': {
      const age = rng.int(35, 56);
      members = [
        person(age, 'male', 'head'),
        spouseOf(age, 'male', true),
        ...children(age, kids[childCount()]),
        ...parents(age, rng.chance(0.5) ? 2 : 1),
      ];
      break;
    }
    case 'adultWithParent': {
      const age = rng.int(35, 64);
      members = [
        person(age, rng.chance(0.55) ? 'male' : 'female', 'head'),
        ...parents(age, rng.chance(0.4) ? 2 : 1),
      ];
      break;
    }
  }
  return members.slice(0, Math.max(1, maxSize));
}
