import { z } from 'zod';
import type { ChannelName } from './channel.types.js';

/** Channels a step can use: a person's own (push, email, sms), their designees (relay), a visit. */
export const STEP_CHANNELS = ['push', 'email', 'sms', 'relay', 'visit'] as const;
export type StepChannel = (typeof STEP_CHANNELS)[number];

export const PERSONAL_CHANNELS: readonly ChannelName[] = ['push', 'email', 'sms'];
export const isPersonalChannel = (channel: StepChannel): channel is ChannelName =>
  (PERSONAL_CHANNELS as readonly string[]).includes(channel);

/** CAP severities, plus the policy for notices (which have none). */
export const POLICY_KEYS = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown', 'Notice'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

const stepSchema = z.strictObject({
  /** Seconds after the message was issued (step 0 is normally 0: at once). */
  afterSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  channels: z.array(z.enum(STEP_CHANNELS)).min(1).max(STEP_CHANNELS.length),
  /**
   * Who the step skips besides those who read or answered: `read` (default) goes on for people
   * whose devices got it but who have not opened it; `delivered` also skips anyone reached on
   * any channel (socket, push, SMS or e-mail receipt).
   */
  unless: z.enum(['read', 'delivered']).default('read'),
});

const policySchema = z
  .array(stepSchema)
  .max(10)
  .superRefine((steps, ctx) => {
    for (let i = 1; i < steps.length; i += 1) {
      if (steps[i]!.afterSeconds < steps[i - 1]!.afterSeconds) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'afterSeconds'],
          message: 'steps must not go back in time',
        });
      }
    }
    const seen = new Set<string>();
    steps.forEach((step, i) =>
      step.channels.forEach((channel) => {
        if (seen.has(channel)) {
          ctx.addIssue({ code: 'custom', path: [i, 'channels'], message: `${channel} is used by two steps` });
        }
        seen.add(channel);
      }),
    );
  });

const retrySchema = z.strictObject({
  /** Sends tried per person and channel before failing over to the next channel. */
  attempts: z.number().int().min(1).max(10).default(3),
  /** Wait before the first retry; doubles on each further one. */
  backoffSeconds: z.number().min(0.1).max(3600).default(30),
});

export const escalationConfigSchema = z.strictObject({
  policies: z.partialRecord(z.enum(POLICY_KEYS), policySchema).default({}),
  retry: retrySchema.default({ attempts: 3, backoffSeconds: 30 }),
  /**
   * A send still `sending` this long after it was claimed is taken to have died with its node: it
   * is never retried on that channel (it may have gone out); the person moves on to the next step.
   * A send job running this long is run again elsewhere for the rows it had not claimed. Longer
   * than the slowest channel's timeout (SMTP_TIMEOUT_SECONDS).
   */
  staleSendingSeconds: z.number().int().min(5).max(86_400).default(120),
  /** People per send-batch job. */
  batchSize: z.number().int().min(1).max(5000).default(500),
});

export type EscalationStep = z.infer<typeof stepSchema>;
export type EscalationPolicy = EscalationStep[];
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;

const step = (afterSeconds: number, channels: StepChannel[]): EscalationStep => ({
  afterSeconds,
  channels,
  unless: 'read',
});

/**
 * Defaults: the graver the warning, the sooner and further escalation goes. A notice goes to
 * devices only: it is not a warning and never wakes anyone by SMS.
 */
export const DEFAULT_POLICIES: Record<PolicyKey, EscalationPolicy> = {
  Extreme: [
    step(0, ['push']),
    step(5 * 60, ['sms']),
    step(10 * 60, ['email']),
    step(15 * 60, ['relay']),
    step(30 * 60, ['visit']),
  ],
  Severe: [step(0, ['push']), step(10 * 60, ['sms']), step(20 * 60, ['email']), step(30 * 60, ['relay'])],
  Moderate: [step(0, ['push']), step(30 * 60, ['email'])],
  Minor: [step(0, ['push'])],
  Unknown: [step(0, ['push']), step(30 * 60, ['email'])],
  Notice: [step(0, ['push'])],
};

export type ResolvedEscalationConfig = EscalationConfig & { policies: Record<PolicyKey, EscalationPolicy> };

/** The configuration over the defaults: each policy given replaces that default whole. */
export function resolveEscalationConfig(parsed: EscalationConfig): ResolvedEscalationConfig {
  return { ...parsed, policies: { ...DEFAULT_POLICIES, ...parsed.policies } };
}

/** ESCALATION_POLICY: JSON, validated; unset means every default. */
export const escalationPolicyEnv = z
  .string()
  .max(20_000)
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON (see docs/escalation.md)' });
      return z.NEVER;
    }
  })
  .pipe(escalationConfigSchema)
  .transform(resolveEscalationConfig);

/** The policy of a warning from its CAP severity (the gravest of its infos). */
export function policyKeyOf(severities: readonly string[]): PolicyKey {
  const order: PolicyKey[] = ['Extreme', 'Severe', 'Moderate', 'Minor'];
  return order.find((key) => severities.includes(key)) ?? 'Unknown';
}

/** Wait before retry number `attempt` (1-based) of a send. */
export function retryDelaySeconds(config: EscalationConfig['retry'], attempt: number): number {
  return config.backoffSeconds * 2 ** Math.max(0, attempt - 1);
}
