import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { createDocumentClient } from '@ltc/data';
import { afterAll, describe, expect, it } from 'vitest';

import { describeReport, productTarget, runLoad, type LoadTarget } from '../load/load-run.js';
import { createTestApi } from '../support/api.js';
import { startProductProcess, type StartedProcess } from '../support/start-process.js';
import { ThrottlingDoubleForTest } from '../support/throttling-double.js';
import { DynamoDbOutage, judgeFault, type FaultWindow } from './outage.js';

/*
 * Faults under load, in short form: DynamoDB throttling injected at the SDK client of the API
 * in-process, and the product's DynamoDB Local stopped and started again while the product,
 * started as `npm start` does, is under load. In both, the API answers 503 with Retry-After
 * while the fault lasts, answers successfully again within 5 s of its end, keeps every
 * invariant, and loses no acknowledged write. The longer form: LOAD_FAULTS=1 npm run test:load.
 */

const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the API under faults of its database', () => {
  it('answers 503 with Retry-After while DynamoDB throttles, recovers by itself, and keeps every invariant and acknowledged write', async () => {
    const throttling = new ThrottlingDoubleForTest();
    const api = await createTestApi({
      prepareClient: (client) => {
        throttling.attach(client);
      },
    });
    // The check afterwards reads the table through a client without the double.
    const store = createDocumentClient({ endpoint: api.table.endpoint });
    cleanups.push(() => {
      store.destroy();
    });
    const target: LoadTarget = {
      send: async (path, init) => api.app.request(path, init),
      organizerToken: api.organizerToken,
      store,
      tableName: api.table.tableName,
      close: () => undefined,
    };
    const window: FaultWindow = { downAt: 0, upAt: 0 };

    const report = await runLoad(target, {
      clients: 8,
      durationMs: 2_000,
      maxRequests: 3_000,
      events: 2,
      during: {
        atMs: 1_000,
        run: async () => {
          window.downAt = Date.now();
          throttling.throttling = true;
          // Longer than the SDK's own retries of a throttled call (about 4 s), which would
          // otherwise hide a shorter burst.
          await sleep(5_000);
          throttling.throttling = false;
          window.upAt = Date.now();
        },
        thenMs: 3_000,
      },
    });
    const judged = judgeFault(report, window);
    console.info(
      [...describeReport(report, true), `recovery: ${String(judged.recoveryMs)} ms`].join('\n'),
    );

    expect(judged.findings).toEqual([]);
    expect(throttling.throttled).toBeGreaterThan(0);
    expect(judged.unavailableAnswers).toBeGreaterThan(0);
  }, 60_000);

  it('answers 503 with Retry-After while DynamoDB Local is stopped, recovers within 5 s of its restart, and keeps every invariant and acknowledged write', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ltc-fault-test-'));
    const product: StartedProcess = await startProductProcess(dataDir, { logLevel: 'SILENT' });
    const outage = new DynamoDbOutage(product, dataDir, 2_000);
    cleanups.push(async () => {
      await product.stop();
      await outage.stopRestarted();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const target = await productTarget(product);
    cleanups.push(() => {
      target.close();
    });

    const report = await runLoad(target, {
      clients: 8,
      durationMs: 3_000,
      maxRequests: 3_000,
      events: 2,
      during: { atMs: 1_500, run: () => outage.run(), thenMs: 3_000 },
    });
    const judged = judgeFault(report, outage.window);
    console.info(
      [...describeReport(report, true), `recovery: ${String(judged.recoveryMs)} ms`].join('\n'),
    );

    expect(judged.findings).toEqual([]);
    expect(judged.unavailableAnswers).toBeGreaterThan(0);
  }, 90_000);
});
