import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createLambdaHandler, type ProxyResult } from '@ltc/api/lambda';
import { LocalIssuer } from '@ltc/local/local-issuer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { anEvent } from '../support/fixtures.js';
import { createTestTable, type TestTable } from '../support/table.js';

/*
 * Drives the Lambda entry point with API Gateway REST (v1) proxy events, the way API Gateway
 * calls it. DynamoDB is the test run's DynamoDB Local, reached through the SDK's standard
 * AWS_ENDPOINT_URL_DYNAMODB variable; the issuer's keys are fetched over HTTP from a loopback
 * server, as the handler fetches Cognito's in AWS.
 */

let table: TestTable;
let issuer: LocalIssuer;
let jwksServer: Server;
let handler: ReturnType<typeof createLambdaHandler>;

/** Calls the handler with a REST proxy event and reads the proxy result. */
async function invoke(event: ReturnType<typeof restEvent>): Promise<ProxyResult> {
  return handler(event as never, context);
}

beforeAll(async () => {
  table = await createTestTable();
  jwksServer = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(issuer.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const issuerUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/local-auth`;
  issuer = await LocalIssuer.open({ issuer: issuerUrl });

  // The SDK reads its endpoint and credentials from the process environment, as in Lambda.
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  handler = createLambdaHandler({
    TABLE_NAME: table.tableName,
    AUTH_ISSUER: issuerUrl,
    AUTH_CLIENT_ID: 'ltc-local-web',
    AWS_REGION: 'ap-northeast-1',
  });
});

afterAll(() => {
  vi.unstubAllEnvs();
  jwksServer.close();
});

function restEvent(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers = { 'content-type': 'application/json', ...options.headers };
  return {
    resource: '/api/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.replace(/^\/api\//, '') },
    stageVariables: null,
    requestContext: {
      accountId: 'test-account',
      apiId: 'test-api',
      httpMethod: method,
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: Date.now(),
      resourceId: 'abc123',
      resourcePath: '/api/{proxy+}',
      stage: 'prod',
      identity: { sourceIp: '203.0.113.10', userAgent: 'vitest' },
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'ltc-test-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-northeast-1:000000000000:function:ltc-test-api',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/ltc-test-api',
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Parameters<typeof handler>[1];

describe('the API Lambda handler', () => {
  it('answers a health check from a REST proxy event', async () => {
    const result = await invoke(restEvent('GET', '/api/health'));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });

  it('creates an event for an organizer whose token it checks against the remote keys', async () => {
    const token = await issuer.mint();

    const created = await invoke(
      restEvent('POST', '/api/events', {
        body: anEvent(),
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    const id = (JSON.parse(created.body) as { id: string }).id;
    const read = await invoke(restEvent('GET', `/api/events/${id}`));

    expect(created.statusCode).toBe(201);
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ id, status: 'upcoming' });
  });

  it('answers bad input with a problem document', async () => {
    const result = await invoke(
      restEvent('POST', '/api/events/x/registrations', { body: { name: 1 } }),
    );

    expect(result.statusCode).toBe(400);
    const contentType =
      result.headers?.['content-type'] ?? result.multiValueHeaders?.['content-type']?.[0];
    expect(contentType).toContain('application/problem+json');
  });

  it('stops at start with the name of a missing setting', () => {
    expect(() =>
      createLambdaHandler({ AWS_REGION: 'ap-northeast-1', AUTH_CLIENT_ID: 'x' }),
    ).toThrow(/TABLE_NAME.*AUTH_ISSUER.*set as environment variables by the Api stack/);
  });
});
