/**
 * `npm run bench`: measures the local product and prints a table; the same figures go to
 * bench-results/latest.json. Nothing here passes or fails: the figures are for people to read
 * and compare between changes. Loopback only, bounded in time.
 *
 * Measured:
 * - `npm start` time to ready (first start with seeding, second start on the same data) and
 *   resident memory of the Node process and DynamoDB Local;
 * - API latency p50/p99 and throughput of the event list and event page under light load,
 *   next to the raw DynamoDB Local round trip of the same queries;
 * - the web app's first-page JavaScript, gzipped.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, keys } from '@ltc/data';
import { freePort } from '@ltc/local/free-port';
import autocannon from 'autocannon';

import { REPOSITORY_ROOT } from '../support/start-process.js';
import { percentile, residentMb, round } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const RAW_SAMPLES = 500;

interface Started {
  readonly url: string;
  readonly readyMs: number;
  readonly pid: number;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Starts the product exactly as `npm start` does after its web build, timing it to ready. */
async function startTimed(dataDir: string): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/start.ts'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, PORT: String(port), LTC_DATA_DIR: dataDir, LTC_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`not ready after 90 s:\n${output}`));
    }, 90_000);
    child.stdout.on('data', () => {
      if (output.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${String(code)}:\n${output}`));
    });
  });
  const readyMs = performance.now() - started;
  return {
    url: `http://127.0.0.1:${port}`,
    readyMs,
    pid: child.pid ?? 0,
    output: () => output,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The Java process of DynamoDB Local started by `parentPid`, if any. */
function javaChildOf(parentPid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const comm = /\(([^)]*)\)/.exec(stat)?.[1];
      if (parent === parentPid && comm === 'java') return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

async function load(url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: LOAD_SECONDS });
  return {
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function rawRoundTrips(endpoint: string, tableName: string, eventId: string) {
  const client = createDocumentClient({ endpoint });
  const time = async (operation: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < RAW_SAMPLES; i++) {
      const started = performance.now();
      await operation();
      samples.push(performance.now() - started);
    }
    return { p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)) };
  };
  const listQuery = () =>
    client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :now',
        ExpressionAttributeValues: { ':pk': keys.eventsIndexPk, ':now': new Date().toISOString() },
        Limit: 20,
      }),
    );
  const pageReads = () =>
    Promise.all([
      client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
          ConsistentRead: true,
        }),
      ),
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.eventPk(eventId), ':prefix': keys.talkPrefix },
          ConsistentRead: true,
        }),
      ),
    ]);
  await time(listQuery); // warm-up
  const result = { eventList: await time(listQuery), eventPage: await time(pageReads) };
  client.destroy();
  return result;
}

function webFirstPageJsGzipBytes(): number {
  const dist = join(REPOSITORY_ROOT, 'packages', 'web', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ];
  return scripts.reduce(
    (total, match) => total + gzipSync(readFileSync(join(dist, match[1] ?? ''))).length,
    0,
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ltc-bench-'));
  try {
    const first = await startTimed(dataDir);
    await first.stop();

    const product = await startTimed(dataDir);
    const endpoint =
      /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(product.output())?.[1] ?? '';
    const events = (await (await fetch(`${product.url}/api/events`)).json()) as {
      items: { id: string }[];
    };
    const eventId = events.items[0]?.id ?? '';
    const javaPid = javaChildOf(product.pid);
    const memoryAtStart = {
      nodeMb: await residentMb(product.pid),
      dynamoDbLocalMb: javaPid ? await residentMb(javaPid) : Number.NaN,
    };

    const raw = await rawRoundTrips(endpoint, 'ltc-local-main', eventId);
    const eventList = await load(`${product.url}/api/events`);
    const eventPage = await load(`${product.url}/api/events/${eventId}`);
    const memoryAfterLoad = {
      nodeMb: await residentMb(product.pid),
      dynamoDbLocalMb: javaPid ? await residentMb(javaPid) : Number.NaN,
    };
    await product.stop();

    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      start: {
        firstStartReadyMs: Math.round(first.readyMs),
        secondStartReadyMs: Math.round(product.readyMs),
      },
      memory: {
        atStart: memoryAtStart,
        afterLoad: memoryAfterLoad,
        totalAfterLoadMb: round(memoryAfterLoad.nodeMb + memoryAfterLoad.dynamoDbLocalMb, 1),
      },
      load: { seconds: LOAD_SECONDS, connections: CONNECTIONS },
      api: { eventList, eventPage },
      rawDynamoDb: raw,
      overheadRatioP50: {
        eventList: round(eventList.p50Ms / Math.max(raw.eventList.p50Ms, 0.01)),
        eventPage: round(eventPage.p50Ms / Math.max(raw.eventPage.p50Ms, 0.01)),
      },
      web: { firstPageJsGzipBytes: webFirstPageJsGzipBytes() },
    };

    console.log('\nLightning Talk Circle benchmark (local runtime, loopback)\n');
    console.table({
      'npm start ready, first run (ms)': results.start.firstStartReadyMs,
      'npm start ready, second run (ms)': results.start.secondStartReadyMs,
      'memory after load, Node + DynamoDB Local (MB)': results.memory.totalAfterLoadMb,
      'GET /api/events p50 / p99 (ms)': `${eventList.p50Ms} / ${eventList.p99Ms}`,
      'GET /api/events req/s': eventList.requestsPerSecond,
      'raw list Query p50 / p99 (ms)': `${raw.eventList.p50Ms} / ${raw.eventList.p99Ms}`,
      'GET /api/events/{id} p50 / p99 (ms)': `${eventPage.p50Ms} / ${eventPage.p99Ms}`,
      'GET /api/events/{id} req/s': eventPage.requestsPerSecond,
      'raw page GetItem+Query p50 / p99 (ms)': `${raw.eventPage.p50Ms} / ${raw.eventPage.p99Ms}`,
      'non-2xx / errors under load': `${eventList.non2xx + eventPage.non2xx} / ${eventList.errors + eventPage.errors}`,
      'web first-page JS, gzip (bytes)': results.web.firstPageJsGzipBytes,
    });
    mkdirSync(join(REPOSITORY_ROOT, 'bench-results'), { recursive: true });
    writeFileSync(
      join(REPOSITORY_ROOT, 'bench-results', 'latest.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    console.log('Written to bench-results/latest.json');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
