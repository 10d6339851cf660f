/**
 * `npm run bench:live`: how fast a vote reaches everybody on an event night. Starts the product
 * as `npm start` does (its own process, so the clients here do not share its event loop),
 * connects CLIENTS WebSocket clients that follow one event, and has VOTES of them vote in an
 * open poll: first one vote at a time (paced), then all at once (burst). For each vote and each
 * client it takes the time from sending the vote to the first poll update at that client that
 * counts it, and prints p50, p95 and the maximum. Figures only: nothing passes or fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LiveClient } from '../support/live-client.js';
import { startProductProcess } from '../support/start-process.js';
import { demoPassword } from '../load/load-run.js';
import { percentile, round } from './stats.js';

const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 200);
const VOTES = Number(process.env.BENCH_LIVE_VOTES ?? 50);
const PACE_MS = 50;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ltc-bench-live-'));
  const product = await startProductProcess(dataDir, { logLevel: 'SILENT', timeoutMs: 90_000 });
  const clients: LiveClient[] = [];
  try {
    const token = await signIn(product.url, demoPassword(product));
    const api = async (path: string, method: string, json?: unknown) => {
      const response = await fetch(`${product.url}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      if (!response.ok) throw new Error(`${method} ${path} answered ${String(response.status)}`);
      return (await response.json()) as { id: string };
    };
    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const event = await api('/events', 'POST', {
      title: 'Benchmark night',
      description: 'Live votes',
      startsAt: `${day}T19:00:00+09:00`,
      endsAt: `${day}T21:00:00+09:00`,
      timeZone: 'Asia/Tokyo',
      format: 'online',
      onsiteCapacity: 0,
      onlineUrl: 'https://meet.example.com/bench',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 20,
      talkMinutes: 5,
    });
    await api(`/events/${event.id}/status`, 'POST', { status: 'ongoing' });

    const webSocketUrl = `${product.url.replace(/^http/, 'ws')}/ws`;
    for (let start = 0; start < CLIENTS; start += 25) {
      const batch = Array.from({ length: Math.min(25, CLIENTS - start) }, () =>
        LiveClient.following(webSocketUrl, event.id),
      );
      clients.push(...(await Promise.all(batch)));
    }

    const paced = await measure('paced', PACE_MS);
    const burst = await measure('burst', 0);
    console.log(
      `\nVote to everyone, ${String(CLIENTS)} clients on the local server, ${String(VOTES)} votes each run:`,
    );
    console.table([paced, burst]);

    async function measure(name: string, paceMs: number) {
      const poll = await api(`/events/${event.id}/polls`, 'POST', {
        question: `Benchmark ${name}`,
        options: ['A', 'B', 'C'],
      });
      await api(`/events/${event.id}/polls/${poll.id}/open`, 'POST');
      const marks = clients.map((client) => client.frames.length);
      const sentAt: number[] = [];
      const voters = clients.slice(0, VOTES);
      for (const [index, voter] of voters.entries()) {
        sentAt.push(performance.now());
        voter.send({
          type: 'vote',
          pollId: poll.id,
          optionId: `o${String((index % 3) + 1)}`,
          voterKey: `bench-${name}-voter-${String(index).padStart(6, '0')}`,
        });
        if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
      }
      // A client has seen vote k once a poll update with at least k votes reached it.
      const samples: number[] = [];
      await Promise.all(
        clients.map(async (client, index) => {
          for (let k = 1; k <= voters.length; k++) {
            const frame = await client.nextFrame(
              (message) =>
                message.type === 'poll' &&
                (message.poll as { id: string; totalVotes: number }).id === poll.id &&
                (message.poll as { totalVotes: number }).totalVotes >= k,
              { from: marks[index] ?? 0, timeoutMs: 30_000 },
            );
            samples.push(frame.at - (sentAt[k - 1] ?? frame.at));
          }
        }),
      );
      return {
        run: name === 'paced' ? `one vote every ${String(paceMs)} ms` : 'all votes at once',
        'p50 ms': round(percentile(samples, 50), 1),
        'p95 ms': round(percentile(samples, 95), 1),
        'max ms': round(Math.max(...samples), 1),
        deliveries: samples.length,
      };
    }
  } finally {
    for (const client of clients) client.close();
    await product.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function signIn(url: string, password: string): Promise<string> {
  const response = await fetch(`${url}/local-auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'organizer', password }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

await main();
