import { z } from 'zod';

/** The names of the deployed stages, in the order a change travels through them. */
export const STAGE_NAMES = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

const domainLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A top-level domain has letters (or is punycode), which tells a host name from an IP address. */
const topLevelDomain = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** An ASCII (punycode) host name such as `dev.xn--6wym69a.com`. */
const domainName = z
  .string()
  .max(253)
  .refine((name) => {
    const labels = name.split('.');
    return (
      labels.length >= 2 &&
      labels.every((label) => domainLabel.test(label)) &&
      topLevelDomain.test(labels.at(-1) ?? '')
    );
  }, 'must be a lower-case host name in ASCII (punycode), such as dev.xn--6wym69a.com');

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const retentionDays = z
  .number()
  .int()
  .refine(
    (value) => (LOG_RETENTION_DAYS as readonly number[]).includes(value),
    `must be one of CloudWatch's periods: ${LOG_RETENTION_DAYS.join(', ')}`,
  );

/** API Gateway's account-wide defaults (10,000 per second, burst 5,000) bound what a stage may ask. */
const requestsPerSecond = z
  .number()
  .positive()
  .max(10_000, 'must be at most 10,000, API Gateway’s account limit');
const burst = z
  .number()
  .int()
  .positive()
  .max(5_000, 'must be at most 5,000, API Gateway’s burst limit');

/** Warm (provisioned) Lambda environments; each one is billed every second it exists. */
const warmEnvironments = z.number().int().min(0).max(100);
const hourOfDay = z.number().int().min(0).max(23);

/**
 * Everything that differs between stages. One file per stage in `packages/infra/config/`
 * declares it; synth validates it against this schema and stops with the name of the value that
 * is wrong.
 */
export const stageConfigSchema = z
  .object({
    stage: z.enum(STAGE_NAMES),
    /** The zone the site's records live in, e.g. `xn--6wym69a.com`. */
    zoneName: domainName,
    /** The site's host name: the zone itself in prod, a sub-domain elsewhere. */
    domainName,
    /** Where alarms are mailed. */
    alarmEmail: z.email(),
    /** Days CloudWatch keeps Lambda, API and WAF logs. */
    logRetentionDays: retentionDays,
    /** `destroy` lets `cdk destroy` remove data; `retain` keeps tables, pools and buckets. */
    removalPolicy: z.enum(['destroy', 'retain']),
    /** Turns on deletion protection for the table and user pool and termination protection for stateful stacks. */
    deletionProtection: z.boolean(),
    waf: z.strictObject({
      /** Requests one IP address may make in any 5-minute window before it is blocked. */
      rateLimitPer5Minutes: z
        .number()
        .int()
        .min(10, 'must be at least 10, the smallest limit WAF accepts')
        .max(2_000_000_000, 'must be at most 2,000,000,000'),
    }),
    api: z.strictObject({
      /** Steady requests per second for the whole REST API stage. */
      throttleRatePerSecond: requestsPerSecond,
      throttleBurst: burst,
      /** Tighter limits for POST, PUT, PATCH and DELETE. */
      writeThrottleRatePerSecond: requestsPerSecond,
      writeThrottleBurst: burst,
    }),
    warm: z.strictObject({
      /** API environments kept initialised at all times; 0 turns provisioned concurrency off. */
      api: warmEnvironments,
      /** Realtime environments kept initialised at all times. */
      realtime: warmEnvironments,
      /**
       * Extra warm environments for the weekly event evening, by Application Auto Scaling's
       * schedule; absent means no scheduled scaling.
       */
      eventEvening: z
        .strictObject({
          /** Warm API environments during the evening. */
          api: warmEnvironments,
          /** Warm realtime environments during the evening. */
          realtime: warmEnvironments,
          /** The day of the week of event nights, as cron writes it. */
          weekday: z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']),
          /** When the evening starts, in UTC hours (09 UTC is 18:00 in Tokyo). */
          startHourUtc: hourOfDay,
          /** When the evening ends, in UTC hours, later the same UTC day. */
          endHourUtc: hourOfDay,
        })
        .optional(),
    }),
    alarms: z.strictObject({
      /** The API's 99th-percentile latency, in milliseconds, that counts as too slow. */
      apiP99LatencyMs: z.number().int().min(100).max(29_000),
      /** Requests the web ACLs may block in five minutes before someone should look. */
      wafBlockedPer5Minutes: z.number().int().min(1),
    }),
    budget: z.strictObject({
      /** The stage's monthly AWS spend, in US dollars, that budget alerts are measured against. */
      monthlyUsd: z.number().positive().max(100_000),
    }),
    deploy: z.strictObject({
      /**
       * New API and realtime code takes traffic as a canary through CodeDeploy (10 % for five
       * minutes), rolled back by itself when the function's error alarm goes off.
       */
      canary: z.boolean(),
    }),
    auth: z.strictObject({
      /** Cognito threat protection (the Plus feature plan) blocks risky sign-ins. */
      threatProtection: z.boolean(),
    }),
    secrets: z.strictObject({
      /** Days between automatic rotations of the application signing key. */
      signingKeyRotationDays: z.number().int().min(1).max(365),
    }),
  })
  .strict()
  .superRefine((config, context) => {
    if (
      config.domainName !== config.zoneName &&
      !config.domainName.endsWith(`.${config.zoneName}`)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['domainName'],
        message: `must be ${config.zoneName} or a sub-domain of it`,
      });
    }
    if (config.api.writeThrottleRatePerSecond > config.api.throttleRatePerSecond) {
      context.addIssue({
        code: 'custom',
        path: ['api', 'writeThrottleRatePerSecond'],
        message: 'must not be above api.throttleRatePerSecond',
      });
    }
    const evening = config.warm.eventEvening;
    if (evening !== undefined) {
      if (evening.endHourUtc <= evening.startHourUtc) {
        context.addIssue({
          code: 'custom',
          path: ['warm', 'eventEvening', 'endHourUtc'],
          message: 'must be after warm.eventEvening.startHourUtc on the same UTC day',
        });
      }
      for (const part of ['api', 'realtime'] as const) {
        if (config.warm[part] < 1) {
          context.addIssue({
            code: 'custom',
            path: ['warm', part],
            message:
              'must be at least 1 with warm.eventEvening: scheduled scaling adjusts provisioned concurrency the alias already has',
          });
        }
        if (evening[part] < config.warm[part]) {
          context.addIssue({
            code: 'custom',
            path: ['warm', 'eventEvening', part],
            message: `must not be below warm.${part}, the environments kept at all times`,
          });
        }
      }
    }
  });

export type StageConfig = z.infer<typeof stageConfigSchema>;
/** What a stage file writes; the schema checks it again at synth. */
export type StageConfigInput = z.input<typeof stageConfigSchema>;
