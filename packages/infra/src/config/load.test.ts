import { describe, expect, it } from 'vitest';

import { dev } from '../../config/dev.js';
import { ConfigError, loadStageConfig, parseStageConfig, resolveTargets } from './load.js';

const noContext = () => undefined;
const account = '2'.repeat(12);

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('stage configuration', () => {
  it('loads each of the three stages', () => {
    for (const stage of ['dev', 'staging', 'prod']) {
      expect(loadStageConfig(stage).stage).toBe(stage);
    }
  });

  it('refuses an unknown stage, naming it and the known ones', () => {
    const message = errorOf(() => loadStageConfig('qa'));

    expect(message).toBe(
      'Unknown stage "qa": expected one of dev, staging, prod (choose with -c stage=<name>).',
    );
  });

  it('refuses a malformed domain, naming the field, the value and the file', () => {
    const message = errorOf(() =>
      parseStageConfig({ ...dev, domainName: 'Dev_Site..com' }, 'packages/infra/config/dev.ts'),
    );

    expect(message).toMatch(
      /^packages\/infra\/config\/dev\.ts: domainName: must be a lower-case host name/,
    );
    expect(message).toContain('"Dev_Site..com"');
    expect(message).not.toContain('\n');
  });

  it('refuses a stage file that declares another stage', () => {
    const message = errorOf(() =>
      loadStageConfig('staging', undefined, { dev, staging: { ...dev, stage: 'prod' }, prod: dev }),
    );

    expect(message).toBe(
      'packages/infra/config/staging.ts: stage: must be "staging", the file\'s own stage (got "prod")',
    );
  });

  it('refuses an IP address where a host name belongs', () => {
    const message = errorOf(() =>
      parseStageConfig({ ...dev, zoneName: '0.0.1', domainName: '10.0.0.1' }, 'dev.ts'),
    );

    expect(message).toContain('domainName: must be a lower-case host name');
  });

  it('refuses a typo inside a group of settings and values no API Gateway allows', () => {
    const typo = errorOf(() =>
      parseStageConfig({ ...dev, waf: { rateLimitPer5Minutes: 100, ratelimit: 5 } }, 'dev.ts'),
    );
    const huge = errorOf(() =>
      parseStageConfig({ ...dev, api: { ...dev.api, throttleRatePerSecond: 1e308 } }, 'dev.ts'),
    );

    expect(typo).toContain('waf: Unrecognized key: "ratelimit"');
    expect(huge).toContain('api.throttleRatePerSecond: must be at most 10,000');
  });

  it('keeps the message on one line whatever the value holds', () => {
    const bigint = errorOf(() => parseStageConfig({ ...dev, logRetentionDays: 7n }, 'dev.ts'));
    const notANumber = errorOf(() =>
      parseStageConfig({ ...dev, logRetentionDays: Number.NaN }, 'dev.ts'),
    );
    const newline = errorOf(() => loadStageConfig('dev\nprod'));

    expect(bigint).toContain('(got 7)');
    expect(notANumber).toContain('(got NaN)');
    expect(newline).toContain('Unknown stage "dev\\nprod"');
    for (const message of [bigint, notANumber, newline]) expect(message).not.toContain('\n');
  });

  it('refuses a domain outside the zone', () => {
    const message = errorOf(() =>
      parseStageConfig({ ...dev, domainName: 'dev.example.org' }, 'dev.ts'),
    );

    expect(message).toContain('domainName: must be xn--6wym69a.com or a sub-domain of it');
  });

  it('refuses a rate limit of zero', () => {
    const message = errorOf(() =>
      parseStageConfig({ ...dev, waf: { rateLimitPer5Minutes: 0 } }, 'dev.ts'),
    );

    expect(message).toMatch(/waf\.rateLimitPer5Minutes: must be at least 10.*\(got 0\)$/);
  });

  it('refuses a log retention CloudWatch does not offer and an unknown setting', () => {
    const retention = errorOf(() => parseStageConfig({ ...dev, logRetentionDays: 10 }, 'dev.ts'));
    const unknown = errorOf(() => parseStageConfig({ ...dev, colour: 'blue' }, 'dev.ts'));

    expect(retention).toContain("logRetentionDays: must be one of CloudWatch's periods");
    expect(unknown).toContain('colour');
  });

  it('refuses write throttling looser than the whole API', () => {
    const message = errorOf(() =>
      parseStageConfig(
        {
          ...dev,
          api: { ...dev.api, writeThrottleRatePerSecond: dev.api.throttleRatePerSecond + 1 },
        },
        'dev.ts',
      ),
    );

    expect(message).toContain('api.writeThrottleRatePerSecond: must not be above');
  });
});

describe('stage targets', () => {
  it('takes account and region from the CDK variables for every stage by default', () => {
    const targets = resolveTargets({
      context: noContext,
      env: { CDK_DEFAULT_ACCOUNT: account, CDK_DEFAULT_REGION: 'eu-west-1' },
    });

    expect(targets.map((target) => [target.config.stage, target.account, target.region])).toEqual([
      ['dev', account, 'eu-west-1'],
      ['staging', account, 'eu-west-1'],
      ['prod', account, 'eu-west-1'],
    ]);
  });

  it('lets CDK context choose stages and give a stage its own account', () => {
    const prodAccount = '3'.repeat(12);
    const context: Record<string, string> = { stage: 'prod', 'ltc:prod:account': prodAccount };

    const targets = resolveTargets({ context: (key) => context[key], env: {} });

    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ account: prodAccount, region: 'ap-northeast-1' });
  });

  it('stops without an account, saying where to set one', () => {
    const message = errorOf(() => resolveTargets({ context: noContext, env: {} }));

    expect(message).toBe(
      'No AWS account for stage dev: set CDK_DEFAULT_ACCOUNT=<12 digits> (with npx cdk, -c ltc:dev:account=<12 digits> works too).',
    );
  });

  it('stops on an account or region that cannot be right', () => {
    const badAccount = errorOf(() =>
      resolveTargets({ context: noContext, env: { CDK_DEFAULT_ACCOUNT: '12345' } }),
    );
    const badRegion = errorOf(() =>
      resolveTargets({
        context: noContext,
        env: { CDK_DEFAULT_ACCOUNT: account, CDK_DEFAULT_REGION: 'tokyo' },
      }),
    );

    expect(badAccount).toContain('must be 12 digits, got "12345"');
    expect(badRegion).toContain('must look like ap-northeast-1, got "tokyo"');
  });

  it('refuses a stage named twice', () => {
    const message = errorOf(() =>
      resolveTargets({ context: (key) => (key === 'stage' ? 'dev,prod,dev' : undefined), env: {} }),
    );

    expect(message).toBe('The stage "dev" is named twice in "dev,prod,dev".');
  });

  it('treats an empty region or account like a missing one', () => {
    const targets = resolveTargets({
      context: noContext,
      env: { CDK_DEFAULT_ACCOUNT: account, CDK_DEFAULT_REGION: '' },
    });
    const message = errorOf(() =>
      resolveTargets({ context: noContext, env: { CDK_DEFAULT_ACCOUNT: '' } }),
    );

    expect(targets[0]?.region).toBe('ap-northeast-1');
    expect(message).toMatch(/^No AWS account for stage dev/);
  });

  it('quotes an account with a line break instead of printing it', () => {
    const message = errorOf(() =>
      resolveTargets({ context: noContext, env: { CDK_DEFAULT_ACCOUNT: `${account}\n` } }),
    );

    expect(message).toContain(`got "${account}\\n"`);
  });

  it('refuses a context value that is not text', () => {
    const message = errorOf(() =>
      resolveTargets({ context: (key) => (key === 'stage' ? { dev: true } : undefined), env: {} }),
    );

    expect(message).toContain('The CDK context value stage must be text');
  });
});
