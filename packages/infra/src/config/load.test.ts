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
      'No AWS account for stage dev: set CDK_DEFAULT_ACCOUNT, or pass -c ltc:dev:account=<12 digits>.',
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

  it('refuses a context value that is not text', () => {
    const message = errorOf(() =>
      resolveTargets({ context: (key) => (key === 'stage' ? { dev: true } : undefined), env: {} }),
    );

    expect(message).toContain('The CDK context value stage must be text');
  });
});
