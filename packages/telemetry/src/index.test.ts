import { afterEach, describe, expect, it, vi } from 'vitest';

import { createLambdaTelemetry } from './index.js';

/** The embedded-metric-format documents a piece of code writes to standard output. */
function metricDocuments(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((line) => line.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the telemetry of a Lambda function', () => {
  it('publishes each activity with the service and stage, and the cold start once', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const telemetry = createLambdaTelemetry('ltc-api', { LTC_STAGE: 'dev' });
    const context = { awsRequestId: 'request-1', functionName: 'ltc-dev-api' };

    const first = metricDocuments(() => {
      telemetry.begin(context);
      telemetry.activity.record('RegistrationsConfirmed');
      telemetry.activity.record('RegistrationsConfirmed');
      telemetry.end();
    });
    const second = metricDocuments(() => {
      telemetry.begin(context);
      telemetry.end();
    });

    expect(first).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ColdStart: 1, function_name: 'ltc-dev-api', stage: 'dev' }),
        expect.objectContaining({
          RegistrationsConfirmed: [1, 1],
          service: 'ltc-api',
          stage: 'dev',
        }),
      ]),
    );
    expect(second).toEqual([]);
  });
});
