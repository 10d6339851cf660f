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
    provisionedConcurrency: 1,
  },
  deploy: { canary: true },
  auth: { threatProtection: true },
  secrets: { signingKeyRotationDays: 90 },
} satisfies StageConfigInput;
