/**
 * `npm run test:load`: starts the product as `npm start` does, on loopback with its own data
 * folder, lets many clients register, cancel, submit and review talks for a fixed time, then
 * checks the design's invariants against the table and that every acknowledged write is stored.
 * Prints requests, answers by status and broken invariants; exits 1 on any broken invariant,
 * missing write, 5xx or request without an answer.
 *
 * With LOAD_FAULTS=1, DynamoDB Local is stopped a third of the way in and started again
 * LOAD_DOWN_SECONDS later: then 503 answers with Retry-After are expected while it is down,
 * and the product must answer successfully again within 5 s of its return.
 *
 * Settings: LOAD_SECONDS (default 30), LOAD_CLIENTS (default 32), LOAD_MAX_REQUESTS (default
 * 50 000), LOAD_EVENTS (default 3), LOAD_FAULTS (default off), LOAD_DOWN_SECONDS (default 4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DynamoDbOutage, judgeFault } from '../faults/outage.js';
import { endLeftovers, productProcesses } from '../support/processes.js';
import { startProductProcess } from '../support/start-process.js';
import { describeReport, productTarget, runLoad } from './load-run.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function setting(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`${name} must be a whole number from 0 to ${max}, got: ${String(raw)}`);
    process.exit(2);
  }
  return value;
}

const seconds = Math.max(1, setting('LOAD_SECONDS', 30, 600));
const clients = Math.max(1, setting('LOAD_CLIENTS', 32, 256));
const maxRequests = Math.max(1, setting('LOAD_MAX_REQUESTS', 50_000, 1_000_000));
const events = Math.max(1, setting('LOAD_EVENTS', 3, 20));
const faults = setting('LOAD_FAULTS', 0, 1) === 1;
const downSeconds = setting('LOAD_DOWN_SECONDS', 4, 60);

const dataDir = mkdtempSync(join(tmpdir(), 'ltc-load-'));
const product = await startProductProcess(dataDir, {
  command: 'npm-start',
  logLevel: 'SILENT',
  timeoutMs: 90_000,
});
const { node: nodePid, java: javaPid } = productProcesses(product.child.pid ?? 0);
const outage = new DynamoDbOutage(product, dataDir, downSeconds * 1000);

async function loadAndReport(): Promise<boolean> {
  console.log(
    `Load: ${clients} clients for ${seconds} s (at most ${maxRequests} requests) on ${events} events at ${product.url}` +
      (faults
        ? `; DynamoDB Local down for ${downSeconds} s from ${Math.round(seconds / 3)} s`
        : ''),
  );
  const target = await productTarget(product);
  try {
    const report = await runLoad(target, {
      clients,
      durationMs: seconds * 1000,
      maxRequests,
      events,
      ...(faults ? { during: { atMs: (seconds * 1000) / 3, run: () => outage.run() } } : {}),
    });
    for (const line of describeReport(report, faults)) console.log(line);
    if (!faults) {
      return (
        report.brokenInvariants.length > 0 ||
        report.missingWrites.length > 0 ||
        report.serverErrors.length > 0 ||
        report.networkErrors > 0
      );
    }
    const judged = judgeFault(report, outage.window);
    console.log(`503 answers while DynamoDB Local was down: ${judged.unavailableAnswers}`);
    console.log(
      `recovery: first success ${judged.recoveryMs === undefined ? 'never' : `${judged.recoveryMs} ms`} after DynamoDB Local was back`,
    );
    for (const finding of judged.findings) console.log(`  - ${finding}`);
    return judged.findings.length > 0;
  } finally {
    target.close();
  }
}

let failed = true;
try {
  failed = await loadAndReport();
  console.log(failed ? 'FAILED' : 'PASSED');
} catch (error) {
  console.error(error);
} finally {
  await product.stop();
  await outage.stopRestarted();
  const left = await endLeftovers([nodePid, javaPid].filter((pid) => pid !== undefined));
  if (left.length > 0)
    console.warn(`killed processes the stopped product left behind: ${left.join(', ')}`);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
