import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { startProductProcess, type StartedProcess } from '../support/start-process.js';

/*
 * Runs `npm start` in a process of its own with a data folder of its own and uses the product
 * over HTTP; stops it with SIGTERM to npm, as a process manager would; then starts it a
 * second time on the same folder.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'ltc-smoke-'));
let running: StartedProcess | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface EventPage {
  items: { id: string; title: string; seatsLeft: number }[];
}

describe('npm start', () => {
  let firstEvents: EventPage['items'] = [];
  let organizer = { username: '', password: '' };

  it('serves the API, the seeded demo data and the web app on first start', async () => {
    running = await startProductProcess(dataDir, { command: 'npm-start' });
    const { url } = running;

    const health = await fetch(`${url}/api/health`);
    const upcoming = (await (await fetch(`${url}/api/events?when=upcoming`)).json()) as EventPage;
    const past = (await (await fetch(`${url}/api/events?when=past`)).json()) as EventPage;
    const home = await fetch(`${url}/`);
    const deepLink = await fetch(`${url}/events/${upcoming.items[0]?.id ?? 'x'}`);
    const unknownApi = await fetch(`${url}/api/no-such-thing`);

    expect(health.status).toBe(200);
    expect(running.output()).toMatch(/Demo data: +seeded \d+ events/);
    expect(upcoming.items.length).toBeGreaterThan(0);
    expect(past.items.length).toBeGreaterThan(0);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await home.text()).toContain('<div id="root">');
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('content-type')).toContain('text/html');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toContain('application/problem+json');
    firstEvents = upcoming.items;
    const credentials = /user "([^"]+)", password "([^"]+)"/.exec(running.output());
    organizer = { username: credentials?.[1] ?? '', password: credentials?.[2] ?? '' };
  });

  it('registers a participant and signs the demo organizer in over HTTP', async () => {
    const url = running?.url ?? '';
    const event = firstEvents.find((candidate) => candidate.seatsLeft > 0) ?? firstEvents[0];

    const registered = await fetch(`${url}/api/events/${event?.id ?? ''}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'スモーク テスト',
        email: 'smoke@example.com',
        attendance: 'online',
      }),
    });
    const signIn = await fetch(`${url}/local-auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(organizer),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const me = await fetch(`${url}/api/organizer/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const wrongPassword = await fetch(`${url}/local-auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: organizer.username, password: 'wrong' }),
    });

    expect([201, 409, 422]).toContain(registered.status);
    expect(signIn.status).toBe(200);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: organizer.username });
    expect(wrongPassword.status).toBe(401);
  });

  it('stops everything on SIGTERM to npm and keeps the data for the next start, without seeding again', async () => {
    const dynamoDbEndpoint = /DynamoDB Local at (http:\/\/[\d.:]+)/.exec(
      running?.output() ?? '',
    )?.[1];
    const exitCode = await running?.stop();
    const dynamoDbAfterStop = await fetch(dynamoDbEndpoint ?? 'http://127.0.0.1:1').catch(
      () => 'refused',
    );
    running = await startProductProcess(dataDir);
    const upcoming = (await (
      await fetch(`${running.url}/api/events?when=upcoming`)
    ).json()) as EventPage;

    expect(exitCode).toBe(0);
    expect(dynamoDbAfterStop).toBe('refused');
    expect(running.output()).not.toContain('Demo data:');
    expect(running.output()).toContain(`password "${organizer.password}"`);
    expect(upcoming.items.map((event) => event.id)).toEqual(firstEvents.map((event) => event.id));
  });

  it('refuses to start on a port that is taken, saying which', async () => {
    const port = new URL(running?.url ?? '').port;
    const { spawnSync } = await import('node:child_process');
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'packages/local/src/start.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        ...process.env,
        PORT: port,
        LTC_DATA_DIR: mkdtempSync(join(tmpdir(), 'ltc-smoke-busy-')),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`port ${port} is already in use`);
  });
});
