import type { Queryable } from '../../db/database.js';
import {
  attachmentSlots,
  formDefinition,
  type AttachmentSlot,
  type FormDefinition,
  type Localized,
} from '@contract/relief/form-definition.js';
import { listProgrammeRows, type ProgrammeRow } from './relief.queries.js';

export interface Programme {
  code: string;
  name: Localized;
  summary: Localized;
  onePerHousehold: boolean;
  reviewerRole: ProgrammeRow['reviewer_role'];
  outcome: ProgrammeRow['outcome'];
  issuesCertificate: boolean;
  form: FormDefinition;
  attachments: AttachmentSlot[];
}

export class ProgrammeDefinitionError extends Error {}

/** Parses a catalogue row; a form that breaks the schema stops the load with the programme named. */
export function parseProgramme(row: ProgrammeRow): Programme {
  const form = formDefinition.safeParse(row.form);
  const slots = attachmentSlots.safeParse(row.attachments);
  if (!form.success || !slots.success) {
    const issues = [...(form.error?.issues ?? []), ...(slots.error?.issues ?? [])];
    throw new ProgrammeDefinitionError(
      `programme ${row.code} has an invalid definition: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    code: row.code,
    name: { ja: row.name_ja, en: row.name_en },
    summary: { ja: row.summary_ja, en: row.summary_en },
    onePerHousehold: row.one_per_household,
    reviewerRole: row.reviewer_role,
    outcome: row.outcome,
    issuesCertificate: row.issues_certificate,
    form: form.data,
    attachments: slots.data,
  };
}

/** The programme catalogue, read and validated once (it changes only with a migration). */
export class Catalogue {
  private loaded: Promise<Map<string, Programme>> | undefined;

  constructor(private readonly db: Queryable) {}

  async all(): Promise<Programme[]> {
    return [...(await this.load()).values()];
  }

  async find(code: string): Promise<Programme | undefined> {
    return (await this.load()).get(code);
  }

  private load(): Promise<Map<string, Programme>> {
    this.loaded ??= listProgrammeRows(this.db).then(
      (rows) => new Map(rows.map((row) => [row.code, parseProgramme(row)])),
    );
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }
}
