import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the infrastructure commands the way npm does, with only the given variables. */
async function command(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', script, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    return { code: 0, stdout, stderr } satisfies Outcome;
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr } satisfies Outcome;
  }
}

/** A command stopped with exit code 1 and one line that starts with `message`. */
function expectOneLineError(outcome: Outcome, message: string): void {
  expect(outcome.code).toBe(1);
  expect(outcome.stderr.startsWith(message)).toBe(true);
  expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
}

const APP = 'packages/infra/bin/app.ts';
const GRAPH = 'packages/infra/bin/graph.ts';

describe('the CDK app entry point', () => {
  it('stops with one line naming the missing account and where to set it', async () => {
    const outcome = await command(APP, []);

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(
      'error: No AWS account for stage dev: set CDK_DEFAULT_ACCOUNT=<12 digits> (with npx cdk, -c ltc:dev:account=<12 digits> works too).\n',
    );
  });

  it('stops with one line on an unknown stage given as CDK context', async () => {
    const outcome = await command(APP, [], {
      CDK_DEFAULT_ACCOUNT: '4'.repeat(12),
      CDK_CONTEXT_JSON: JSON.stringify({ stage: 'qa' }),
    });

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(
      'error: Unknown stage "qa": expected one of dev, staging, prod (choose with -c stage=<name>).\n',
    );
  });
});

describe('npm run graph', () => {
  it('prints the stacks of a stage and its deploy waves, without AWS credentials', async () => {
    const outcome = await command(GRAPH, ['--stage', 'prod', '--format', 'text']);

    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('  ltc-prod-web [ap-northeast-1] after ltc-prod-api');
    expect(outcome.stdout).toContain('  wave 1: ltc-prod-edge, ltc-prod-foundation');
    expect(outcome.stdout).not.toContain('flowchart');
  });

  it('prints Mermaid on request', async () => {
    const outcome = await command(GRAPH, ['--stage', 'dev', '--format', 'mermaid']);

    expect(outcome.code).toBe(0);
    expect(outcome.stdout.startsWith('flowchart TD\n')).toBe(true);
  });

  it.each([
    [['--stage', 'qa'], 'error: Unknown stage "qa"'],
    [['--stage', 'dev', '--format', 'svg'], 'error: --format must be text, mermaid or both'],
    [[], 'error: --stage is required'],
    [['--stages', 'dev'], "error: Unknown option '--stages'"],
  ])('answers %j with a one-line error', async (args, message) => {
    expectOneLineError(await command(GRAPH, args), message);
  });
});

describe('the cost estimate', () => {
  const COST = 'packages/infra/bin/cost.ts';

  it('prints the fixed monthly cost of a stage without AWS credentials', async () => {
    const outcome = await command(COST, ['--stage', 'prod', '--json']);
    const [prod] = JSON.parse(outcome.stdout) as {
      stage: string;
      totalUsd: number;
      lines: { item: string; quantity: number }[];
    }[];

    expect(outcome.code).toBe(0);
    expect(prod?.stage).toBe('prod');
    expect(prod?.totalUsd).toBeGreaterThan(0);
    expect(prod?.lines.map((line) => line.item)).toEqual(
      expect.arrayContaining(['WAF web ACL', 'CloudWatch dashboard', 'alarm metrics']),
    );
  });

  it.each([
    [['--stage', 'qa'], 'error: Unknown stage "qa": expected one of dev, staging, prod'],
    [['--stages', 'dev'], "error: Unknown option '--stages'"],
  ])('answers %j with a one-line error', async (args, message) => {
    expectOneLineError(await command(COST, args), message);
  });
});
