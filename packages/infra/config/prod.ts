import type { StageConfigInput } from '../src/config/schema.js';

/** Production at 発表.com: data is retained and protected, the API kept warm. */
export const prod = {
  stage: 'prod',
  zoneName: 'xn--6wym69a.com',
  domainName: 'xn--6wym69a.com',
  alarmEmail: 'alerts@xn--6wym69a.com',
  logRetentionDays: 90,
  removalPolicy: 'retain',
  deletionProtection: true,
  waf: { rateLimitPer5Minutes: 2000 },
  api: {
    throttleRatePerSecond: 200,
    throttleBurst: 400,
    writeThrottleRatePerSecond: 50,
    writeThrottleBurst: 100,
  },
  warm: {
    api: 1,
    realtime: 1,
    // Event nights are on Fridays from 19:00 Tokyo time; warm up an hour before, until 23:00.
    eventEvening: { api: 4, realtime: 2, weekday: 'FRI', startHourUtc: 9, endHourUtc: 14 },
  },
  alarms: { apiP99LatencyMs: 1000, wafBlockedPer5Minutes: 1000 },
  budget: { monthlyUsd: 100 },
  deploy: { canary: true },
  auth: { threatProtection: true },
  secrets: { signingKeyRotationDays: 90 },
} satisfies StageConfigInput;
