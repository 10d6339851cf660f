import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startProductProcess, type StartedProcess } from '../support/start-process.js';
import { describeReport, productTarget, runLoad, type LoadTarget } from './load-run.js';

/*
 * The short form of `npm run test:load`: a few seconds of concurrent clients against the
 * product started as `npm start` does, then the invariants checked against the table.
 */

let product: StartedProcess;
let dataDir: string;
let target: LoadTarget;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ltc-load-test-'));
  product = await startProductProcess(dataDir, { logLevel: 'SILENT' });
  target = await productTarget(product);
});

afterAll(async () => {
  target.close();
  await product.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the product under concurrent load', () => {
  it('keeps every invariant and every acknowledged write, with no 5xx, while clients register, cancel and submit talks at once', async () => {
    const report = await runLoad(target, {
      clients: 12,
      durationMs: 6_000,
      maxRequests: 3_000,
      events: 2,
    });
    console.info(describeReport(report).join('\n'));

    expect(report.brokenInvariants).toEqual([]);
    expect(report.missingWrites).toEqual([]);
    expect(report.serverErrors).toEqual([]);
    expect(report.networkErrors).toBe(0);
    expect(report.acknowledged.registrations).toBeGreaterThan(0);
    expect(report.acknowledged.talks).toBeGreaterThan(0);
  }, 60_000);
});
