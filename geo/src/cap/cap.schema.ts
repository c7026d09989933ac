import { z } from 'zod';
import { parseCapCircle, parseCapPolygon } from './cap.area.js';
import { parseCapDateTime } from './cap.datetime.js';
import { CAP_TOKEN, parseReferences } from './cap.references.js';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
} from './cap.types.js';

/**
 * A CAP 1.2 alert as JSON, with the element names of the standard. The same schema validates the
 * JSON API and imported XML, so every error names the CAP element (`info[0].area[1].polygon[0]`).
 */
const text = (max: number) => z.string().trim().min(1).max(max);

export const capDateTime = z
  .string()
  .refine((value) => parseCapDateTime(value) !== undefined, {
    message:
      'must be a CAP dateTime such as 2024-01-01T16:10:00+09:00 (numeric offset, no "Z", no fractions)',
  })
  .meta({ example: '2024-01-01T16:10:00+09:00' });

const capToken = text(500).regex(CAP_TOKEN, 'must not contain spaces, commas, "<" or "&"');
const valuePair = z.object({ valueName: text(200), value: text(500) });

export const capAreaSchema = z
  .object({
    areaDesc: text(1000),
    polygon: z
      .array(z.string().max(400_000))
      .max(100)
      .default([])
      .meta({ description: 'CAP polygons: "lat,lon lat,lon …", closed (first = last), at least 4 points' })
      .superRefine((polygons, ctx) => {
        polygons.forEach((polygon, index) => {
          const parsed = parseCapPolygon(polygon);
          if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error, path: [index] });
        });
      }),
    circle: z
      .array(z.string().max(200))
      .max(100)
      .default([])
      .meta({ description: 'CAP circles: "lat,lon radius_km", 0 < radius ≤ 500' })
      .superRefine((circles, ctx) => {
        circles.forEach((circle, index) => {
          const parsed = parseCapCircle(circle);
          if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error, path: [index] });
        });
      }),
    geocode: z
      .array(valuePair)
      .max(500)
      .default([])
      .meta({ description: 'valueName "JIS X0402" + municipality code, or "津波予報区" + JMA area code' }),
    altitude: z.number().finite().optional(),
    ceiling: z.number().finite().optional(),
  })
  .superRefine((area, ctx) => {
    if (area.ceiling !== undefined && area.altitude === undefined) {
      ctx.addIssue({ code: 'custom', message: 'ceiling requires altitude', path: ['ceiling'] });
    }
  });

export const capInfoSchema = z.object({
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, 'must be an RFC 3066 language tag such as ja-JP or en-US')
    .default('en-US'),
  category: z.array(z.enum(CAP_CATEGORIES)).min(1).max(12),
  event: text(500),
  responseType: z.array(z.enum(CAP_RESPONSE_TYPES)).max(9).default([]),
  urgency: z.enum(CAP_URGENCIES),
  severity: z.enum(CAP_SEVERITIES),
  certainty: z.enum(CAP_CERTAINTIES),
  audience: text(500).optional(),
  eventCode: z.array(valuePair).max(50).default([]),
  effective: capDateTime.optional(),
  onset: capDateTime.optional(),
  expires: capDateTime.optional(),
  senderName: text(500).optional(),
  headline: text(500).optional(),
  description: text(20_000).optional(),
  instruction: text(20_000).optional(),
  web: z.url().max(2000).optional(),
  contact: text(500).optional(),
  parameter: z.array(valuePair).max(100).default([]),
  area: z.array(capAreaSchema).max(50).default([]),
});

export const capAlertSchema = z
  .object({
    identifier: capToken,
    sender: capToken,
    sent: capDateTime,
    status: z.enum(CAP_STATUSES),
    msgType: z.enum(CAP_MSG_TYPES, {
      message: 'must be Alert, Update or Cancel (Ack and Error are not accepted)',
    }),
    source: text(500).optional(),
    scope: z.enum(CAP_SCOPES),
    restriction: text(2000).optional(),
    addresses: text(10_000).optional(),
    code: z.array(text(200)).max(50).default([]),
    note: text(5000).optional(),
    references: z
      .string()
      .max(20_000)
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        const parsed = parseReferences(value);
        if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
      }),
    incidents: text(2000).optional(),
    info: z.array(capInfoSchema).max(20).default([]),
  })
  .superRefine((alert, ctx) => {
    if (alert.scope === 'Restricted' && !alert.restriction) {
      ctx.addIssue({ code: 'custom', message: 'required when scope is Restricted', path: ['restriction'] });
    }
    if (alert.scope === 'Private' && !alert.addresses) {
      ctx.addIssue({ code: 'custom', message: 'required when scope is Private', path: ['addresses'] });
    }
    if (alert.msgType !== 'Alert' && !alert.references) {
      ctx.addIssue({
        code: 'custom',
        message: `required for msgType ${alert.msgType}`,
        path: ['references'],
      });
    }
    if (alert.msgType !== 'Cancel' && !alert.info.some((info) => info.area.length > 0)) {
      ctx.addIssue({
        code: 'custom',
        message: 'an Alert or Update needs at least one info with an area',
        path: ['info'],
      });
    }
  });

export type CapAlert = z.output<typeof capAlertSchema>;
export type CapAlertInput = z.input<typeof capAlertSchema>;
export type CapInfo = z.output<typeof capInfoSchema>;
export type CapArea = z.output<typeof capAreaSchema>;

export interface CapProblem {
  path: string;
  message: string;
}

/** `['info', 0, 'area', 1, 'polygon', 0]` → `info[0].area[1].polygon[0]`. */
export function capPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

export function validateCapAlert(input: unknown): { alert: CapAlert } | { problems: CapProblem[] } {
  const result = capAlertSchema.safeParse(input);
  if (result.success) return { alert: result.data };
  return {
    problems: result.error.issues.map((issue) => ({
      path: capPath(issue.path) || 'alert',
      message: issue.message,
    })),
  };
}
