import { randomUUID } from 'node:crypto';

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

import type { Activity, ActivityRecorder } from '@ltc/domain';

import {
  createDocumentClient,
  createDynamoDbClient,
  createRepositories,
  createStore,
  ensureTable,
  type Repositories,
  type Store,
} from '@ltc/data';

/** A fresh table in the test run's DynamoDB Local, and repositories over it. */
export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly store: Store;
  readonly repositories: Repositories;
}

export interface TestTableOptions {
  /** Changes the SDK client the repositories use, e.g. to attach a test double middleware. */
  readonly prepareClient?: (client: DynamoDBClient) => void;
  /** Told of each registration, promotion and talk the repositories store. */
  readonly activity?: ActivityRecorder;
}

export async function createTestTable(
  now?: () => Date,
  options: TestTableOptions = {},
): Promise<TestTable> {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `test-${randomUUID()}`;
  const raw = createDynamoDbClient({ endpoint });
  await ensureTable(raw, tableName);
  options.prepareClient?.(raw);
  const store = createStore(createDocumentClient(raw), tableName, now);
  return {
    endpoint,
    tableName,
    store,
    repositories: createRepositories(store, { activity: options.activity }),
  };
}

/** An activity recorder that keeps its counts in memory, for tests to read. */
export class CountingActivity implements ActivityRecorder {
  readonly counts = new Map<Activity, number>();

  record(activity: Activity, count = 1): void {
    this.counts.set(activity, (this.counts.get(activity) ?? 0) + count);
  }

  of(activity: Activity): number {
    return this.counts.get(activity) ?? 0;
  }
}
