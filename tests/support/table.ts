import { randomUUID } from 'node:crypto';

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

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
  return { endpoint, tableName, store, repositories: createRepositories(store) };
}
