/**
 * `npm run bench`: measures the local product and prints a table; the same figures go to
 * bench-results/latest.json. Nothing here passes or fails: the figures are for people to read
 * and compare between changes. Loopback only, bounded in time.
 *
 * Measured:
 * - `npm start` time to ready (first start with seeding, second start on the same data) and
 *   resident memory of the Node process and DynamoDB Local;
 * - API throughput and latency p50/p99 of the main reads (event list, event page) and writes
 *   (registration, talk submission), each next to the raw DynamoDB Local round trip of the same
 *   calls in the same run, and the ratio of the two at p50 with one connection;
 * - the API and realtime Lambda bundles, built as the CDK app builds them: their size, and the
 *   time from a fresh Node process's start to the loaded module and to the first answered
 *   event, next to a minimal handler's;
 * - the time `npm run synth` takes for every stage;
 * - what the web app's home page loads before its first paint (also `npm run bench:web`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';

import {
  REPOSITORY_ROOT,
  startProductProcess,
  type StartedProcess,
} from '../support/start-process.js';
import {
  bundleLikeServiceFunction,
  bundleMinimalHandler,
  measureColdStart,
  restProxyGet,
  webSocketConnect,
} from './lambda-bundles.js';
import { measureFirstPage, printFirstPage } from './first-page.js';
import { pairedLatency, rawOperations } from './raw-dynamodb.js';
import { endLeftovers, productProcesses } from '../support/processes.js';
import { residentMb, round } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const RAW_SAMPLES = 500;

/** Products started and not yet stopped, stopped on the way out even when a step fails. */
const running = new Set<StartedProcess>();
/** The Node and Java processes of every product started, checked to be gone at the end. */
const productPids = new Set<number>();

/** Runs `npm start` itself (web build included), timed from the command to ready. */
async function startTimed(dataDir: string): Promise<StartedProcess> {
  const product = await startProductProcess(dataDir, {
    command: 'npm-start',
    buildWeb: true,
    logLevel: 'SILENT',
    timeoutMs: 90_000,
  });
  running.add(product);
  const { node, java } = productProcesses(product.child.pid ?? 0);
  for (const pid of [node, java]) if (pid !== undefined) productPids.add(pid);
  return product;
}

async function load(
  url: string,
  connections: number,
  seconds = LOAD_SECONDS,
  write?: { readonly body: (n: number) => unknown; readonly headers?: Record<string, string> },
) {
  let sent = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(write === undefined
      ? {}
      : {
          requests: [
            {
              method: 'POST' as const,
              headers: { 'content-type': 'application/json', ...write.headers },
              setupRequest: (request) => ({ ...request, body: JSON.stringify(write.body(sent++)) }),
            },
          ],
        }),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** One API request, its body read to the end; throws on a status other than 2xx. */
function apiRequest(url: string, write?: { readonly body: (n: number) => unknown }) {
  let sent = 0;
  return async () => {
    const response = await fetch(url, {
      ...(write === undefined
        ? {}
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(write.body(sent++)),
          }),
    });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${url} answered ${response.status}`);
  };
}

/**
 * A made-up account for synth (the CDK app needs one named), built here so that no account id
 * is written in the repository; it only goes into the synth's environment.
 */
const SYNTH_ACCOUNT = '0'.repeat(12);

/** Times `npm run synth` (web build and every stage), bounded to five minutes. */
async function synthSeconds(): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['run', 'synth', '--silent'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, CDK_DEFAULT_ACCOUNT: SYNTH_ACCOUNT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`npm run synth failed (${String(code)}):\n${output}`);
  return round((performance.now() - started) / 1000, 1);
}

/** Signs the demo organizer in through the local sign-in; the password is in the start output. */
async function organizerToken(product: StartedProcess): Promise<string> {
  const password = /user "organizer", password "([^"]+)"/.exec(product.output())?.[1];
  if (password === undefined) throw new Error('no demo organizer password in the start output');
  const response = await fetch(`${product.url}/local-auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'organizer', password }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Creates an open hybrid event with room for every write the bench sends. */
async function createRoomyEvent(product: StartedProcess, token: string, title: string) {
  const startsAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const response = await fetch(`${product.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      title,
      description: 'Benchmark event',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
      format: 'hybrid',
      venue: { name: 'Bench hall' },
      onsiteCapacity: 10_000,
      onlineUrl: 'https://meet.example.com/bench',
      talkLimit: 100,
    }),
  });
  if (response.status !== 201) {
    throw new Error(`creating a bench event answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { id: string }).id;
}

const registrationBody = (prefix: string) => (n: number) => ({
  name: `Bench ${n}`,
  email: `${prefix}-${n}@example.com`,
  attendance: 'onsite',
});
const talkBody = (prefix: string) => (n: number) => ({
  title: `Bench talk ${n}`,
  abstract: 'A talk sent by the benchmark.',
  category: 'tech',
  speakerName: `Bench ${n}`,
  speakerEmail: `${prefix}-${n}@example.com`,
});

async function lambdaFigures(dynamoDbEndpoint: string, eventId: string) {
  const outDir = mkdtempSync(join(tmpdir(), 'ltc-bench-bundles-'));
  try {
    const api = await bundleLikeServiceFunction(
      'packages/api/src/adapters/lambda.ts',
      outDir,
      'api',
    );
    const realtime = await bundleLikeServiceFunction(
      'packages/realtime/src/adapters/lambda.ts',
      outDir,
      'realtime',
    );
    const minimal = await bundleMinimalHandler(outDir);
    // The handlers reach the product's DynamoDB Local through the SDK's standard variables,
    // as they reach DynamoDB in AWS; nothing else is called for these events.
    const environment = {
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      TABLE_NAME: 'ltc-local-main',
      AUTH_ISSUER: 'http://127.0.0.1:9/local-auth',
      AUTH_CLIENT_ID: 'ltc-local-web',
      SIGNING_KEY_SECRET_ID: 'ltc/bench/signing-key',
      SETTINGS_PARAMETER: '/ltc/bench/api/settings',
      REALTIME_CALLBACK_URL: 'https://abc123.execute-api.ap-northeast-1.amazonaws.com/live',
    };
    const apiEvent = restProxyGet(`/api/events/${eventId}`);
    return {
      bundles: {
        api: { bytes: api.bytes, gzipBytes: api.gzipBytes },
        realtime: { bytes: realtime.bytes, gzipBytes: realtime.gzipBytes },
        minimal: { bytes: minimal.bytes, gzipBytes: minimal.gzipBytes },
      },
      coldStart: {
        api: await measureColdStart(api, apiEvent, environment),
        realtime: await measureColdStart(
          realtime,
          webSocketConnect('benchConnection'),
          environment,
        ),
        minimal: await measureColdStart(minimal, apiEvent, environment),
      },
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
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
    const token = await organizerToken(product);
    const writeEvents = {
      register: await createRoomyEvent(product, token, 'Bench: registrations'),
      registerOne: await createRoomyEvent(product, token, 'Bench: registrations, one connection'),
      registerRaw: await createRoomyEvent(product, token, 'Bench: raw registrations'),
      talks: await createRoomyEvent(product, token, 'Bench: talks'),
      talksRaw: await createRoomyEvent(product, token, 'Bench: raw talks'),
    };
    const registrationsUrl = (id: string) => `${product.url}/api/events/${id}/registrations`;
    const talksUrl = `${product.url}/api/events/${writeEvents.talks}/talks`;

    // Warm both the JIT of DynamoDB Local and Node before anything is measured.
    await load(`${product.url}/api/events`, CONNECTIONS, 3);
    await load(`${product.url}/api/events/${eventId}`, CONNECTIONS, 3);
    await load(talksUrl, CONNECTIONS, 2, { body: talkBody('warm') });
    // One request at a time, in turns with the raw DynamoDB calls of the same operation, for
    // the API's own overhead.
    const raw = rawOperations({
      endpoint,
      tableName: 'ltc-local-main',
      readEventId: eventId,
      registerEventId: writeEvents.registerRaw,
      talkEventId: writeEvents.talksRaw,
    });
    const pairs = {
      eventList: await pairedLatency(
        raw.eventList,
        apiRequest(`${product.url}/api/events`),
        RAW_SAMPLES,
      ),
      eventPage: await pairedLatency(
        raw.eventPage,
        apiRequest(`${product.url}/api/events/${eventId}`),
        RAW_SAMPLES,
      ),
      registrationCreate: await pairedLatency(
        raw.registrationCreate,
        apiRequest(registrationsUrl(writeEvents.registerOne), { body: registrationBody('one') }),
        RAW_SAMPLES,
      ),
      talkSubmit: await pairedLatency(
        raw.talkSubmit,
        apiRequest(talksUrl, { body: talkBody('one') }),
        RAW_SAMPLES,
      ),
    };
    raw.close();
    const rawDynamoDb = {
      eventList: pairs.eventList[0],
      eventPage: pairs.eventPage[0],
      registrationCreate: pairs.registrationCreate[0],
      talkSubmit: pairs.talkSubmit[0],
    };
    const sequential = {
      eventList: pairs.eventList[1],
      eventPage: pairs.eventPage[1],
      registrationCreate: pairs.registrationCreate[1],
      talkSubmit: pairs.talkSubmit[1],
    };
    const concurrent = {
      eventList: await load(`${product.url}/api/events`, CONNECTIONS),
      eventPage: await load(`${product.url}/api/events/${eventId}`, CONNECTIONS),
      registrationCreate: await load(
        registrationsUrl(writeEvents.register),
        CONNECTIONS,
        LOAD_SECONDS,
        { body: registrationBody('many') },
      ),
      talkSubmit: await load(talksUrl, CONNECTIONS, LOAD_SECONDS, { body: talkBody('many') }),
    };
    const memoryAfterLoad = {
      nodeMb: await residentMb(nodePid),
      dynamoDbLocalMb: await residentMb(javaPid),
    };
    const lambda = await lambdaFigures(endpoint, eventId);
    await product.stop();
    const synth = await synthSeconds();

    const operations = ['eventList', 'eventPage', 'registrationCreate', 'talkSubmit'] as const;
    const overheadRatioP50Sequential = Object.fromEntries(
      operations.map((name) => [
        name,
        round(sequential[name].p50Ms / Math.max(rawDynamoDb[name].p50Ms, 0.01)),
      ]),
    ) as Record<(typeof operations)[number], number>;
    // npm start built the web app above, so this measures the build the product served.
    const firstPage = measureFirstPage();
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
      load: { seconds: LOAD_SECONDS, connections: CONNECTIONS, rawSamples: RAW_SAMPLES },
      api: { ...concurrent, sequential },
      rawDynamoDb,
      overheadRatioP50Sequential,
      lambda,
      synthAllStagesSeconds: synth,
      web: firstPage,
    };

    const labels: Record<(typeof operations)[number], string> = {
      eventList: 'GET /api/events',
      eventPage: 'GET /api/events/{id}',
      registrationCreate: 'POST /api/events/{id}/registrations',
      talkSubmit: 'POST /api/events/{id}/talks',
    };
    const apiRows = Object.fromEntries(
      operations.map((name) => [
        labels[name],
        {
          [`req/s (${CONNECTIONS} conn.)`]: concurrent[name].requestsPerSecond,
          [`p50/p99 ms (${CONNECTIONS} conn.)`]: `${concurrent[name].p50Ms} / ${concurrent[name].p99Ms}`,
          'p50/p99 ms (one at a time)': `${sequential[name].p50Ms} / ${sequential[name].p99Ms}`,
          'raw DynamoDB p50/p99 ms': `${rawDynamoDb[name].p50Ms} / ${rawDynamoDb[name].p99Ms}`,
          'API/raw p50 (x)': overheadRatioP50Sequential[name],
          'non-2xx / errors (conn.)': `${concurrent[name].non2xx} / ${concurrent[name].errors}`,
        },
      ]),
    );
    const lambdaRows = Object.fromEntries(
      (['api', 'realtime', 'minimal'] as const).map((name) => [
        `${name} handler`,
        {
          'bundle KB': round(lambda.bundles[name].bytes / 1024, 1),
          'gzip KB': round(lambda.bundles[name].gzipBytes / 1024, 1),
          'process start → module loaded (ms)': lambda.coldStart[name].initMs,
          'process start → first event answered (ms)': lambda.coldStart[name].firstResponseMs,
          'first status': lambda.coldStart[name].statusCode,
        },
      ]),
    );

    console.log('\nLightning Talk Circle benchmark (local runtime, loopback)\n');
    console.table({
      'npm start (build + start) to ready, first run (ms)': results.start.firstStartReadyMs,
      'npm start (build + start) to ready, second run (ms)': results.start.secondStartReadyMs,
      'memory after load, Node + DynamoDB Local (MB)': results.memory.totalAfterLoadMb,
      'npm run synth, every stage (s)': synth,
      'web first-page JS, gzip (bytes)': results.web.js.gzipBytes,
    });
    console.log(
      `\nAPI (${LOAD_SECONDS} s per concurrent run; one at a time and raw: ${RAW_SAMPLES} samples each)`,
    );
    console.table(apiRows);
    console.log(
      '\nLambda bundles (as the CDK app builds them) and cold start in a fresh Node process',
    );
    console.table(lambdaRows);
    printFirstPage(firstPage);
    mkdirSync(join(REPOSITORY_ROOT, 'bench-results'), { recursive: true });
    writeFileSync(
      join(REPOSITORY_ROOT, 'bench-results', 'latest.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    console.log('Written to bench-results/latest.json');
  } finally {
    await Promise.all([...running].map((product) => product.stop()));
    running.clear();
    const left = await endLeftovers(productPids);
    if (left.length > 0)
      console.warn(`killed processes a stopped product left behind: ${left.join(', ')}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
