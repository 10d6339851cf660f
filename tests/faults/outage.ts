import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { startDynamoDbLocal, type DynamoDbLocal } from '@ltc/local/dynamodb-local';

import type { LoadReport } from '../load/load-run.js';
import { productProcesses } from '../support/processes.js';
import type { StartedProcess } from '../support/start-process.js';

/** A fault window: when it began and when the service was back (ms since the epoch). */
export interface FaultWindow {
  downAt: number;
  upAt: number;
}

/**
 * Stops the product's DynamoDB Local (SIGTERM to its Java process, as an operator or a crash
 * would), keeps it down for `downMs`, then starts it again on the same port over the same data
 * folder. The product is not told: it must notice and recover by itself. The restarted
 * database belongs to the caller, who stops it with `stopRestarted`.
 */
export class DynamoDbOutage {
  readonly window: FaultWindow = { downAt: 0, upAt: 0 };
  private restarted: DynamoDbLocal | undefined;

  constructor(
    private readonly product: StartedProcess,
    private readonly dataDir: string,
    private readonly downMs: number,
  ) {}

  async run(): Promise<void> {
    const { java } = productProcesses(this.product.child.pid ?? 0);
    const port = Number(
      /DynamoDB Local at http:\/\/127\.0\.0\.1:(\d+)/.exec(this.product.output())?.[1],
    );
    if (java === undefined || !Number.isInteger(port)) {
      throw new Error("could not find the product's DynamoDB Local process and port");
    }
    this.window.downAt = Date.now();
    process.kill(java, 'SIGTERM');
    for (let waited = 0; waited < 10_000 && isRunning(java); waited += 50) await sleep(50);
    if (isRunning(java)) process.kill(java, 'SIGKILL');
    await sleep(Math.max(0, this.downMs - (Date.now() - this.window.downAt)));
    this.restarted = await startDynamoDbLocal({ dataDir: join(this.dataDir, 'dynamodb'), port });
    this.window.upAt = Date.now();
  }

  async stopRestarted(): Promise<void> {
    await this.restarted?.stop();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What a load run shows about a fault: how long recovery took and what broke a promise. */
export interface FaultFindings {
  /** From the service's return to the first successful answer after it, in ms. */
  readonly recoveryMs: number | undefined;
  readonly unavailableAnswers: number;
  readonly findings: readonly string[];
}

/**
 * Judges a load run with a fault in it: outside the fault (and the recovery allowance after
 * it) no 5xx at all; inside, only 503 with Retry-After; a success within `recoveryLimitMs` of
 * the service's return; and the run's own findings (invariants, acknowledged writes).
 */
export function judgeFault(
  report: LoadReport,
  window: FaultWindow,
  recoveryLimitMs = 5_000,
): FaultFindings {
  const findings: string[] = [...report.brokenInvariants, ...report.missingWrites];
  const downAtMs = window.downAt - report.startedAt;
  const upAtMs = window.upAt - report.startedAt;
  const inFault = (atMs: number) => atMs >= downAtMs && atMs <= upAtMs + recoveryLimitMs;

  const outside = report.answers.filter((a) => a.status >= 500 && !inFault(a.atMs));
  if (outside.length > 0) findings.push(`${outside.length} answers of 5xx outside the fault`);
  const notUnavailable = report.answers.filter((a) => a.status >= 500 && a.status !== 503);
  if (notUnavailable.length > 0) {
    findings.push(
      `${notUnavailable.length} answers of 5xx other than 503: ${[...new Set(notUnavailable.map((a) => a.status))].join(', ')}`,
    );
  }
  if (report.unavailableWithoutRetryAfter > 0) {
    findings.push(`${report.unavailableWithoutRetryAfter} answers of 503 without Retry-After`);
  }
  if (report.networkErrors > 0)
    findings.push(`${report.networkErrors} requests got no answer at all`);
  const firstSuccess = report.answers.find((a) => a.atMs > upAtMs && a.status < 400);
  const recoveryMs = firstSuccess === undefined ? undefined : firstSuccess.atMs - upAtMs;
  if (recoveryMs === undefined || recoveryMs > recoveryLimitMs) {
    findings.push(`no successful answer within ${recoveryLimitMs} ms after the service came back`);
  }
  return {
    recoveryMs,
    unavailableAnswers: report.answers.filter((a) => a.status === 503).length,
    findings,
  };
}
