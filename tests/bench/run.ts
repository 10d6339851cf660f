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
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, keys } from '@ltc/data';
import autocannon from 'autocannon';

import {
  REPOSITORY_ROOT,
  startProductProcess,
  type StartedProcess,
} from '../support/start-process.js';
import { percentile, residentMb, round } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const RAW_SAMPLES = 500;

/** Products started and not yet stopped, stopped on the way out even when a step fails. */
const running = new Set<StartedProcess>();

/** Runs `npm start` itself (web build included), timed from the command to ready. */
async function startTimed(dataDir: string): Promise<StartedProcess> {
  const product = await startProductProcess(dataDir, {
    command: 'npm-start',
    buildWeb: true,
    logLevel: 'SILENT',
    timeoutMs: 90_000,
  });
  running.add(product);
  return product;
}

/** The product's own processes under `rootPid`: the Node server and DynamoDB Local's Java. */
function productProcesses(rootPid: number): { node?: number; java?: number } {
  const parents = new Map<number, { parent: number; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), { parent, comm: /\(([^)]*)\)/.exec(stat)?.[1] ?? '' });
    } catch {
      // The process ended while we looked.
    }
  }
  const descends = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 20; hops++) {
      if (current === rootPid) return true;
      current = parents.get(current)?.parent ?? 0;
    }
    return false;
  };
  const found: { node?: number; java?: number } = {};
  for (const [pid, { comm }] of parents) {
    if (!descends(pid)) continue;
    if (comm === 'java') found.java = pid;
    if (comm === 'node' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.ts'))
      found.node = pid;
  }
  return found;
}

async function load(url: string, connections: number, seconds = LOAD_SECONDS) {
  const result = await autocannon({ url, connections, duration: seconds });
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
  await time(pageReads);
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
    const endpoint = /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(product.output())?.[1];
    if (endpoint === undefined)
      throw new Error(`no DynamoDB Local endpoint in:\n${product.output()}`);
    const events = (await (await fetch(`${product.url}/api/events`)).json()) as {
      items: { id: string }[];
    };
    const eventId = events.items[0]?.id ?? '';
    const { node: nodePid, java: javaPid } = productProcesses(product.child.pid ?? 0);
    if (nodePid === undefined || javaPid === undefined) {
      throw new Error('could not find the Node and Java processes of the product');
    }
    const memoryAtStart = {
      nodeMb: await residentMb(nodePid),
      dynamoDbLocalMb: await residentMb(javaPid),
    };

    // Warm both the JIT of DynamoDB Local and Node before anything is measured.
    await load(`${product.url}/api/events`, CONNECTIONS, 3);
    await load(`${product.url}/api/events/${eventId}`, CONNECTIONS, 3);
    const raw = await rawRoundTrips(endpoint, 'ltc-local-main', eventId);
    // One connection at a time, like the raw round trips, for the API's own overhead.
    const sequentialList = await load(`${product.url}/api/events`, 1);
    const sequentialPage = await load(`${product.url}/api/events/${eventId}`, 1);
    const eventList = await load(`${product.url}/api/events`, CONNECTIONS);
    const eventPage = await load(`${product.url}/api/events/${eventId}`, CONNECTIONS);
    const memoryAfterLoad = {
      nodeMb: await residentMb(nodePid),
      dynamoDbLocalMb: await residentMb(javaPid),
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
      api: {
        eventList,
        eventPage,
        sequential: { eventList: sequentialList, eventPage: sequentialPage },
      },
      rawDynamoDb: raw,
      overheadRatioP50Sequential: {
        eventList: round(sequentialList.p50Ms / Math.max(raw.eventList.p50Ms, 0.01)),
        eventPage: round(sequentialPage.p50Ms / Math.max(raw.eventPage.p50Ms, 0.01)),
      },
      web: { firstPageJsGzipBytes: webFirstPageJsGzipBytes() },
    };

    console.log('\nLightning Talk Circle benchmark (local runtime, loopback)\n');
    console.table({
      'npm start (build + start) to ready, first run (ms)': results.start.firstStartReadyMs,
      'npm start (build + start) to ready, second run (ms)': results.start.secondStartReadyMs,
      'memory after load, Node + DynamoDB Local (MB)': results.memory.totalAfterLoadMb,
      [`GET /api/events p50 / p99, ${CONNECTIONS} connections (ms)`]: `${eventList.p50Ms} / ${eventList.p99Ms}`,
      'GET /api/events req/s': eventList.requestsPerSecond,
      'raw list Query p50 / p99 (ms)': `${raw.eventList.p50Ms} / ${raw.eventList.p99Ms}`,
      [`GET /api/events/{id} p50 / p99, ${CONNECTIONS} connections (ms)`]: `${eventPage.p50Ms} / ${eventPage.p99Ms}`,
      'GET /api/events/{id} req/s': eventPage.requestsPerSecond,
      'raw page GetItem+Query p50 / p99 (ms)': `${raw.eventPage.p50Ms} / ${raw.eventPage.p99Ms}`,
      'one connection: list p50 / p99 (ms)': `${sequentialList.p50Ms} / ${sequentialList.p99Ms}`,
      'one connection: page p50 / p99 (ms)': `${sequentialPage.p50Ms} / ${sequentialPage.p99Ms}`,
      'API p50 overhead vs raw, one connection (x)': `${results.overheadRatioP50Sequential.eventList} / ${results.overheadRatioP50Sequential.eventPage}`,
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
    await Promise.all([...running].map((product) => product.stop()));
    running.clear();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
