import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { beforeAll, describe, expect, it } from 'vitest';

import { synthesizeForDeploy } from './stage-assembly.js';

const run = promisify(execFile);

/*
 * `npm run ltc` as an operator or CI meets it: one-line errors and exit codes for bad input,
 * and the offline commands on a synthesized assembly. No AWS credentials exist here; the
 * commands that need them must say so, not hang or deploy.
 */
let assemblyDir: string;

beforeAll(() => {
  assemblyDir = synthesizeForDeploy(['9753', '1086', '4200'].join('')).directory;
}, 120_000);

async function ltc(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      'node',
      ['--import', 'tsx', 'packages/deploy/bin/ltc.ts', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          // No credentials, and no instance metadata to look for them on a machine without AWS.
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_REGION: 'ap-northeast-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run ltc', () => {
  it('prints the graph of a stage from an assembly, offline', async () => {
    const result = await ltc('graph', '--stage', 'prod', '--assembly', assemblyDir);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  wave 3: ltc-prod-realtime');
    expect(result.stdout).toContain('  wave 4: ltc-prod-api');
  });

  it('plans against an earlier assembly, offline, and finds nothing to change against itself', async () => {
    const result = await ltc(
      'plan',
      '--stage',
      'dev',
      '--assembly',
      assemblyDir,
      '--against',
      assemblyDir,
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ltc-dev-api: unchanged');
    expect(result.stdout).toContain('No blocking change.');
  });

  it.each([
    [
      ['deploy', '--stage', 'qa'],
      2,
      'error: Unknown stage "qa": expected one of dev, staging, prod.',
    ],
    [
      ['deploy', '--stage', 'dev', '--assembly', '<dir>', '--stacks', 'db'],
      2,
      'error: Unknown stack "db": the stage has edge, foundation, auth, data, realtime, api, web, edge-alarms, observability.',
    ],
    [
      ['deploy', '--stage', 'dev', '--with-dependencies'],
      2,
      'error: --with-dependencies goes with --stacks',
    ],
    [['deploy', '--stage', 'dev', '--approve-prod'], 2, 'error: --approve-prod is for prod only.'],
    [
      ['rollback', '--stage', 'staging', '--approve-prod'],
      2,
      'error: --approve-prod is for prod only.',
    ],
    [
      ['deploy', '--stage', 'dev', '--concurrency', '0'],
      2,
      'error: --concurrency must be a whole number from 1 to 8, got "0".',
    ],
    [
      ['deploy', '--stage', 'prod', '--assembly', '<dir>'],
      3,
      'error: Deploying prod needs --approve-prod',
    ],
    [['deploy', '--stage', 'staging', '--assembly', '<dir>'], 2, 'error: The assembly in'],
    [['deploy', '--stage', 'dev', '--assembly', '<dir>'], 2, 'error: No usable AWS credentials'],
    [['plan', '--stage', 'dev', '--assembly', '<dir>'], 2, 'error: No usable AWS credentials'],
    [['status', '--stage', 'dev', '--assembly', '<dir>'], 2, 'error: No usable AWS credentials'],
    [
      ['plan', '--stage', 'dev', '--assembly', '/nonexistent'],
      2,
      'error: "/nonexistent" holds no cloud assembly',
    ],
    [['destroy', '--stage', 'prod', '--yes'], 3, 'error: Destroying prod is refused.'],
    [['deploy', '--stage', 'dev', '--stage', 'prod'], 2, 'error: --stage is given more than once'],
    [
      ['deploy', '--stage', 'dev', '--assembly', '<dir>', '--allow-replace', 'junk'],
      2,
      'error: --allow-replace "junk" must read <stack>/<logicalId>',
    ],
    [
      ['deploy', '--stage', 'dev', '--assembly', '<dir>', '--state-dir', 'package.json'],
      2,
      'error: --state-dir "package.json" is a file',
    ],
    [['synth', '--stage', 'dev', '--out', ''], 2, 'error: --out needs a folder.'],
    [
      ['destroy', '--stage', 'dev'],
      3,
      'error: Destroying dev deletes its stacks: add --yes to confirm.',
    ],
    [
      ['rollback', '--stage', 'dev', '--state-dir', '/nonexistent'],
      1,
      'error: No restore point for dev',
    ],
    [
      ['deploy', '--stage', 'dev', '--stacks'],
      2,
      "error: Option '--stacks <value>' argument missing",
    ],
    [
      ['launch'],
      2,
      'error: Unknown command "launch": expected one of synth, graph, plan, deploy, rollback, status, destroy.',
    ],
  ])('answers %j with exit %i and one line', async (args, code, message) => {
    const result = await ltc(...args.map((arg) => (arg === '<dir>' ? assemblyDir : arg)));

    expect(result.code).toBe(code);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('shows the options of each command', async () => {
    const result = await ltc('deploy', '--help');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--allow-replace STACK/ID');
  });
});
