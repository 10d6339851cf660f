import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build, type BuildOptions } from 'esbuild';

import { REPOSITORY_ROOT } from '../support/start-process.js';
import { percentile, round } from './stats.js';

/**
 * The esbuild options of the app's Lambda functions, as the CDK construct `ServiceFunction`
 * (packages/infra/src/constructs/service-function.ts) hands them to `NodejsFunction`: one
 * minified ESM file, the `node24` target of the functions' runtime, no source map, module
 * fields first, nothing external (the AWS SDK is bundled), and the `require` banner. The CPU
 * architecture (arm64) does not change what esbuild writes. Keep the two in step.
 */
const SERVICE_FUNCTION_BUNDLING: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  external: [],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'silent',
};

export interface LambdaBundle {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Bundles a handler module (path from the repository root) into `outDir` as `<name>.mjs`. */
export async function bundleLikeServiceFunction(
  entry: string,
  outDir: string,
  name: string,
): Promise<LambdaBundle> {
  const file = join(outDir, `${name}.mjs`);
  await build({
    ...SERVICE_FUNCTION_BUNDLING,
    entryPoints: [join(REPOSITORY_ROOT, entry)],
    outfile: file,
    absWorkingDir: REPOSITORY_ROOT,
  });
  return { file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}

/** The smallest handler there is, bundled the same way: the floor every init time sits on. */
export async function bundleMinimalHandler(outDir: string): Promise<LambdaBundle> {
  const entry = join(outDir, 'minimal-handler.ts');
  writeFileSync(
    entry,
    "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n",
    'utf8',
  );
  const file = join(outDir, 'minimal.mjs');
  await build({ ...SERVICE_FUNCTION_BUNDLING, entryPoints: [entry], outfile: file });
  return { file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}

export interface ColdStart {
  /** Median over the runs, ms from the Node process's start to the loaded module. */
  readonly initMs: number;
  /** Median over the runs, ms from the Node process's start to the first answered event. */
  readonly firstResponseMs: number;
  /** The first event's status code, to show the event was really handled. */
  readonly statusCode: number;
}

/*
 * Runs in a fresh Node process: `performance.now()` counts from that process's start, so the
 * figures include Node's own start-up, as a Lambda cold start does.
 */
const PROBE = `
const module = await import(process.env.PROBE_BUNDLE);
const initMs = performance.now();
const result = await module.handler(JSON.parse(process.env.PROBE_EVENT), JSON.parse(process.env.PROBE_CONTEXT));
const firstResponseMs = performance.now();
process.stdout.write(JSON.stringify({ initMs, firstResponseMs, statusCode: result.statusCode }));
process.exit(0);
`;

interface ProbeOutput {
  readonly initMs: number;
  readonly firstResponseMs: number;
  readonly statusCode: number;
}

/**
 * Starts `runs` fresh Node processes, each loading the bundle and handling one event, and
 * answers the medians. Each process is bounded to 30 s.
 */
export async function measureColdStart(
  bundle: LambdaBundle,
  event: unknown,
  environment: Record<string, string>,
  runs = 5,
): Promise<ColdStart> {
  const outputs: ProbeOutput[] = [];
  for (let run = 0; run < runs; run++)
    outputs.push(await probeOnce(bundle.file, event, environment));
  const last = outputs.at(-1);
  return {
    initMs: round(
      percentile(
        outputs.map((output) => output.initMs),
        50,
      ),
      1,
    ),
    firstResponseMs: round(
      percentile(
        outputs.map((output) => output.firstResponseMs),
        50,
      ),
      1,
    ),
    statusCode: last?.statusCode ?? 0,
  };
}

async function probeOnce(
  file: string,
  event: unknown,
  environment: Record<string, string>,
): Promise<ProbeOutput> {
  const child = spawn(process.execPath, ['--input-type=module', '--eval', PROBE], {
    env: {
      PATH: process.env.PATH ?? '',
      ...environment,
      PROBE_BUNDLE: file,
      PROBE_EVENT: JSON.stringify(event),
      PROBE_CONTEXT: JSON.stringify(LAMBDA_CONTEXT),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the cold-start probe of ${file} failed (${code}):\n${stderr}`);
  return JSON.parse(stdout) as ProbeOutput;
}

/** A made-up account of twelve zeros, built here so no account id is written in the repository. */
const NO_ACCOUNT = '0'.repeat(12);

const LAMBDA_CONTEXT = {
  awsRequestId: 'c0ffee00-0000-4000-8000-bench0000001',
  functionName: 'ltc-bench-function',
  functionVersion: '$LATEST',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/ltc-bench-function',
  logStreamName: 'bench',
  invokedFunctionArn: `arn:aws:lambda:ap-northeast-1:${NO_ACCOUNT}:function:ltc-bench-function`,
  callbackWaitsForEmptyEventLoop: true,
};

/** An API Gateway REST (v1) proxy event for a GET of `path`, as API Gateway sends it. */
export function restProxyGet(path: string): Record<string, unknown> {
  const headers = { accept: 'application/json', host: 'api.example.com' };
  return {
    resource: '/api/{proxy+}',
    path,
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.replace(/^\/api\//, '') },
    stageVariables: null,
    requestContext: {
      accountId: NO_ACCOUNT,
      apiId: 'bench',
      httpMethod: 'GET',
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c0ffee00-0000-4000-8000-bench0000002',
      requestTimeEpoch: Date.now(),
      resourceId: 'bench',
      resourcePath: '/api/{proxy+}',
      stage: 'prod',
      identity: { sourceIp: '127.0.0.1', userAgent: 'ltc-bench' },
    },
    body: null,
    isBase64Encoded: false,
  };
}

/** An API Gateway WebSocket `$connect` event. */
export function webSocketConnect(connectionId: string): Record<string, unknown> {
  return {
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      connectionId,
      apiId: 'bench',
      domainName: 'bench.execute-api.ap-northeast-1.amazonaws.com',
      stage: 'prod',
      requestId: 'c0ffee00-0000-4000-8000-bench0000003',
    },
    isBase64Encoded: false,
  };
}
