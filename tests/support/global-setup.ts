import type { TestProject } from 'vitest/node';

import { startDynamoDbLocal, type DynamoDbLocal } from '@ltc/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the in-memory DynamoDB Local shared by the whole test run. */
    dynamoDbEndpoint: string;
  }
}

let dynamoDb: DynamoDbLocal | undefined;

/** Starts one in-memory DynamoDB Local for the run; each test file makes its own table in it. */
export async function setup(project: TestProject): Promise<void> {
  // The SDK's notice that later releases need Node 22 is known; keep test output clean.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dynamoDb = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamoDb?.stop();
}
