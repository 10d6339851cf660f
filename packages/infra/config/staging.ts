import type { StageConfigInput } from '../src/config/schema.js';

/** Staging: shaped like production, so a deploy is rehearsed before it reaches people. */
export const staging = {
  stage: 'staging',
  zoneName: 'xn--6wym69a.com',
  domainName: 'staging.xn--6wym69a.com',
  alarmEmail: 'alerts-staging@xn--6wym69a.com',
  logRetentionDays: 30,
  removalPolicy: 'retain',
  deletionProtection: false,
  waf: { rateLimitPer5Minutes: 1000 },
  api: {
    throttleRatePerSecond: 50,
    throttleBurst: 100,
    writeThrottleRatePerSecond: 10,
    writeThrottleBurst: 20,
  },
  warm: { api: 0, realtime: 0 },
  alarms: { apiP99LatencyMs: 2000, wafBlockedPer5Minutes: 500 },
  budget: { monthlyUsd: 50 },
  deploy: { canary: false },
  auth: { threatProtection: true },
  secrets: { signingKeyRotationDays: 30 },
} satisfies StageConfigInput;
