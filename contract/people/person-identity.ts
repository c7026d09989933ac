import { z } from 'zod';

/**
 * How every staff screen names a person (search hits, occupants, profiles, unaccounted lists):
 * the row columns, the response fields and the mapping between them, in one place so the screens
 * cannot drift apart.
 */
export const REGISTRATIONS = ['registry', 'visitor', 'tourist', 'no_papers'] as const;

export interface PersonNameRow {
  family_name: string;
  given_name: string;
  family_name_kana: string | null;
  given_name_kana: string | null;
  birth_date: string | null;
}

/** The name plus what tells two people of one name apart at a desk. */
export interface PersonIdentityRow extends PersonNameRow {
  sex: string;
  registration: (typeof REGISTRATIONS)[number];
}

export const personNameFields = {
  familyName: z.string(),
  givenName: z.string(),
  familyNameKana: z.string().nullable(),
  givenNameKana: z.string().nullable(),
  birthDate: z.string().nullable(),
};

export const personIdentityFields = {
  ...personNameFields,
  sex: z.string(),
  registration: z.enum(REGISTRATIONS),
};

type Fields<Shape extends z.ZodRawShape> = z.input<z.ZodObject<Shape>>;

export function presentPersonName(row: PersonNameRow): Fields<typeof personNameFields> {
  return {
    familyName: row.family_name,
    givenName: row.given_name,
    familyNameKana: row.family_name_kana,
    givenNameKana: row.given_name_kana,
    birthDate: row.birth_date,
  };
}

export function presentPersonIdentity(row: PersonIdentityRow): Fields<typeof personIdentityFields> {
  return { ...presentPersonName(row), sex: row.sex, registration: row.registration };
}
