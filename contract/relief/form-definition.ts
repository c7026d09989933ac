import { z } from 'zod';

/**
 * Programme forms are data (relief_programmes.form). This schema checks them when they are loaded,
 * and `answersSchema` turns one into the validator of what a resident submits.
 */
export const localized = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localized>;

const fieldKey = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/);
const common = { key: fieldKey, label: localized, help: localized.optional() };
const answered = { ...common, required: z.boolean() };

export const REGISTRY_SOURCES = ['name', 'address', 'household', 'birthDate'] as const;
export type RegistrySource = (typeof REGISTRY_SOURCES)[number];

const option = z.strictObject({ value: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: localized });

export const formField = z.discriminatedUnion('type', [
  /** Shown from the registry, read-only; never part of the answers. */
  z.strictObject({ ...common, type: z.literal('registry'), source: z.enum(REGISTRY_SOURCES) }),
  z.strictObject({
    ...answered,
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(1000),
    pattern: z.string().optional(),
  }),
  z.strictObject({ ...answered, type: z.literal('textarea'), maxLength: z.number().int().min(1).max(5000) }),
  z.strictObject({
    ...answered,
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    integer: z.boolean().default(false),
  }),
  z.strictObject({ ...answered, type: z.literal('date'), notAfterToday: z.boolean().default(false) }),
  z.strictObject({ ...answered, type: z.literal('select'), options: z.array(option).min(1) }),
  z.strictObject({ ...answered, type: z.literal('checkbox') }),
]);
export type FormField = z.infer<typeof formField>;
export type AnsweredField = Exclude<FormField, { type: 'registry' }>;

export const formDefinition = z
  .strictObject({
    version: z.literal(1),
    /** The form asks where to mail the result; stored on the application (mailing_* columns). */
    collectsMailingAddress: z.boolean().default(false),
    fields: z.array(formField).min(1).max(60),
  })
  .superRefine((form, ctx) => {
    const keys = form.fields.map((field) => field.key);
    const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
    if (duplicate) ctx.addIssue({ code: 'custom', message: `duplicate field key ${duplicate}` });
    for (const field of form.fields) {
      if (field.type === 'number' && field.min > field.max) {
        ctx.addIssue({ code: 'custom', message: `${field.key}: min above max` });
      }
      if (field.type === 'text' && field.pattern !== undefined) {
        try {
          new RegExp(field.pattern, 'u');
        } catch {
          ctx.addIssue({ code: 'custom', message: `${field.key}: pattern is not a regular expression` });
        }
      }
    }
    if (form.collectsMailingAddress) {
      for (const key of ['mailingPostalCode', 'mailingAddress']) {
        const field = form.fields.find((f) => f.key === key);
        if (!field || field.type === 'registry') {
          ctx.addIssue({ code: 'custom', message: `a form that collects a mailing address needs ${key}` });
        }
      }
    }
  });
export type FormDefinition = z.infer<typeof formDefinition>;

export const attachmentSlot = z.strictObject({
  key: fieldKey,
  label: localized,
  help: localized.optional(),
  required: z.boolean(),
  max: z.number().int().min(1).max(20),
});
export const attachmentSlots = z.array(attachmentSlot).max(10);
export type AttachmentSlot = z.infer<typeof attachmentSlot>;

export const answeredFields = (form: FormDefinition): AnsweredField[] =>
  form.fields.filter((field): field is AnsweredField => field.type !== 'registry');

const isoDate = z.iso.date();

function valueSchema(field: AnsweredField, today: string): z.ZodType {
  switch (field.type) {
    case 'text': {
      let text = z.string().trim().min(1).max(field.maxLength);
      if (field.pattern !== undefined) text = text.regex(new RegExp(field.pattern, 'u'), 'wrong format');
      return text;
    }
    case 'textarea':
      return z.string().trim().min(1).max(field.maxLength);
    case 'number': {
      const number = z.number().min(field.min).max(field.max);
      return field.integer ? number.int() : number;
    }
    case 'date':
      return field.notAfterToday ? isoDate.refine((d) => d <= today, 'must not be in the future') : isoDate;
    case 'select':
      return z.enum(field.options.map((o) => o.value) as [string, ...string[]]);
    case 'checkbox':
      return z.boolean();
  }
}

/**
 * The validator of a resident's answers. `complete`: every required field present (submit); a
 * draft may leave fields out but what it holds must still be well-formed. Unknown keys, including
 * registry fields, are refused: those come from the registry, not from the resident.
 */
export function answersSchema(
  form: FormDefinition,
  options: { complete: boolean; today?: string },
): z.ZodType<Record<string, unknown>> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const shape: Record<string, z.ZodType> = {};
  for (const field of answeredFields(form)) {
    const value = valueSchema(field, today);
    const mustBeTrue = field.type === 'checkbox' && field.required;
    const checked = mustBeTrue ? value.refine((v) => v === true, 'must be ticked') : value;
    shape[field.key] = options.complete && field.required ? checked : checked.optional();
  }
  return z.strictObject(shape);
}
