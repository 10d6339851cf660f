import type { StageConfigInput } from '../src/config/schema.js';

/** Development: cheap, short-lived logs, and everything can be destroyed. */
export const dev = {
  stage: 'dev',
  zoneName: 'xn--6wym69a.com',
  domainName: 'dev.xn--6wym69a.com',
  alarmEmail: 'alerts-dev@xn--6wym69a.com',
  logRetentionDays: 7,
  removalPolicy: 'destroy',
  deletionProtection: false,
  waf: { rateLimitPer5Minutes: 1000 },
  api: {
    throttleRatePerSecond: 20,
    throttleBurst: 40,
    writeThrottleRatePerSecond: 5,
    writeThrottleBurst: 10,
  },
  warm: { api: 0, realtime: 0 },
  alarms: { apiP99LatencyMs: 3000, wafBlockedPer5Minutes: 500 },
  budget: { monthlyUsd: 30 },
  deploy: { canary: false },
  auth: { threatProtection: false },
  secrets: { signingKeyRotationDays: 30 },
} satisfies StageConfigInput;
