import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import {
  REPOSITORY_ROOT,
  startProductProcess,
  type StartedProcess,
} from '../support/start-process.js';

/*
 * The stage test suite run as the pipeline runs it (`npm run test:stage`), in a process of its
 * own, against the product started as `npm start` does, with its local WebSocket server.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'ltc-stage-'));
let product: StartedProcess;
let organizer: { username: string; password: string };

beforeAll(async () => {
  product = await startProductProcess(dataDir, { command: 'npm-start' });
  const credentials = /user "([^"]+)", password "([^"]+)"/.exec(product.output());
  organizer = { username: credentials?.[1] ?? '', password: credentials?.[2] ?? '' };
}, 90_000);

afterAll(async () => {
  await product.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface SuiteRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runSuite(args: string[], env: Record<string, string> = {}): Promise<SuiteRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('LTC_STAGE_')),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'test:stage', '--', ...args],
      { cwd: REPOSITORY_ROOT, env: { ...clean, ...env }, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const webSocketUrl = () => `${product.url.replace('http://', 'ws://')}/ws`;

describe('npm run test:stage', () => {
  it('passes every check as an organizer, over HTTP and WebSocket, and cancels the test event it created', async () => {
    const run = await runSuite(['--base-url', product.url, '--ws-url', webSocketUrl()], {
      LTC_STAGE_ORGANIZER_USERNAME: organizer.username,
      LTC_STAGE_ORGANIZER_PASSWORD: organizer.password,
    });
    const eventId = /ok {4}test event: created (\w+) "\[stage test\]/.exec(run.stdout)?.[1];
    const event = (await (await fetch(`${product.url}/api/events/${eventId ?? 'x'}`)).json()) as {
      status: string;
    };

    expect(run.stdout, run.stderr).toContain('0 failed, 0 skipped');
    expect(run.code).toBe(0);
    for (const check of [
      'health',
      'web app',
      'upcoming events',
      'past events',
      'event page',
      'live updates',
      'registration',
      'talk submission',
      'test event removed',
    ]) {
      expect(run.stdout).toContain(`ok    ${check}:`);
    }
    expect(run.stdout).toContain(`registered for ${eventId ?? 'x'} (confirmed)`);
    expect(event.status).toBe('cancelled');
  }, 90_000);

  it('uses an upcoming event open for registrations and talks when it has no organizer credentials', async () => {
    const run = await runSuite(['--base-url', product.url]);

    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('test event');
    expect(run.stdout).toMatch(/ok {4}registration: registered for \w+/);
    expect(run.stdout).toMatch(/ok {4}talk submission: submitted a talk to \w+/);
    expect(run.stdout).toContain('skip  live updates: no --ws-url given');
  }, 90_000);

  it('only reads in a read-only run, even with organizer credentials', async () => {
    const before = await (await fetch(`${product.url}/api/events?when=upcoming`)).text();

    const run = await runSuite(
      ['--base-url', product.url, '--ws-url', webSocketUrl(), '--read-only'],
      {
        LTC_STAGE_ORGANIZER_TOKEN: 'not-used',
      },
    );
    const after = await (await fetch(`${product.url}/api/events?when=upcoming`)).text();

    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('skip  registration: read-only run');
    expect(run.stdout).toContain('skip  talk submission: read-only run');
    expect(run.stdout).toContain('ok    live updates');
    expect(after).toBe(before);
  }, 90_000);

  it('fails with exit code 1, naming each failed check, when the stage does not answer', async () => {
    const run = await runSuite(['--base-url', 'http://127.0.0.1:9', '--read-only']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL {2}health: fetch failed/);
    expect(run.stdout).toContain('0 checks passed, 4 failed');
  }, 90_000);

  it('finds the local live updates only on /ws: any other path refuses the WebSocket handshake', async () => {
    const elsewhere = webSocketUrl().replace(/\/ws$/, '/api/ws');

    const status = await new Promise<number | string>((resolve) => {
      const socket = new WebSocket(elsewhere);
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => {
        resolve('open');
        socket.close();
      });
      socket.once('error', (error) => {
        resolve(error.message);
      });
    });

    expect(status).toBe(404);
  });

  it.each([
    [[], /^error: --base-url is required/],
    [
      ['--base-url', 'localhost:3000'],
      /^error: --base-url must be a URL starting with http:\/\/ or https:\/\//,
    ],
    [
      ['--base-url', 'http://x', '--ws-url', 'http://x/ws'],
      /^error: --ws-url must be a URL starting with ws:\/\/ or wss:\/\//,
    ],
    [['--base-url', 'http://x', '--verbose'], /^error: Unknown option '--verbose'/],
    [
      ['--base-url', 'https://発表.com'],
      /^error: xn--6wym69a\.com is production, where the stage suite only reads: add --read-only\./,
    ],
  ])(
    'refuses the arguments %j with one line and exit code 2',
    async (args, message) => {
      const run = await runSuite(args);

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    },
    60_000,
  );
});
