import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createLambdaHandler, type ProxyResult } from '@ltc/api/lambda';
import { LocalIssuer } from '@ltc/local/local-issuer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { AwsParametersDoubleForTest } from '../support/aws-parameters-double.js';
import { anEvent } from '../support/fixtures.js';
import { createTestTable, type TestTable } from '../support/table.js';

/*
 * Drives the Lambda entry point with API Gateway REST (v1) proxy events, the way API Gateway
 * calls it. DynamoDB is the test run's DynamoDB Local, reached through the SDK's standard
 * AWS_ENDPOINT_URL_DYNAMODB variable; the issuer's keys are fetched over HTTP from a loopback
 * server, as the handler fetches Cognito's in AWS. SSM and Secrets Manager, which hold the
 * runtime settings and the signing key, are a loopback double reached the same way.
 */

let table: TestTable;
let issuer: LocalIssuer;
let jwksServer: Server;
let handler: ReturnType<typeof createLambdaHandler>;
let aws: AwsParametersDoubleForTest;
let issuerUrl: string;

/** Where the API would push live changes; no test here changes an event night. */
const REALTIME_CALLBACK_URL = 'https://abc123.execute-api.ap-northeast-1.amazonaws.com/live';
const SECRET_ID = 'ltc/test/signing-key';
const SETTINGS = '/ltc/test/api/settings';

/** A handler as a fresh Lambda environment builds it, with empty caches. */
function freshHandler(): ReturnType<typeof createLambdaHandler> {
  return createLambdaHandler({
    TABLE_NAME: table.tableName,
    AUTH_ISSUER: issuerUrl,
    AUTH_CLIENT_ID: 'ltc-local-web',
    AWS_REGION: 'ap-northeast-1',
    SIGNING_KEY_SECRET_ID: SECRET_ID,
    SETTINGS_PARAMETER: SETTINGS,
    REALTIME_CALLBACK_URL: REALTIME_CALLBACK_URL,
  });
}

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
  issuerUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/local-auth`;
  issuer = await LocalIssuer.open({ issuer: issuerUrl });

  // The SDK reads its endpoint and credentials from the process environment, as in Lambda.
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  aws = await AwsParametersDoubleForTest.start();
  vi.stubEnv('AWS_ENDPOINT_URL_SSM', aws.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', aws.endpoint);
  aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: false }));
  aws.rotate(SECRET_ID, 'k'.repeat(64));
  handler = freshHandler();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  jwksServer.close();
  await aws.stop();
});

function restEvent(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers = { 'content-type': 'application/json', ...options.headers };
  const url = new URL(path, 'http://api.test');
  const query = Object.fromEntries(url.searchParams);
  const hasQuery = Object.keys(query).length > 0;
  return {
    resource: '/api/{proxy+}',
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: { proxy: url.pathname.replace(/^\/api\//, '') },
    stageVariables: null,
    requestContext: {
      accountId: 'test-account',
      apiId: 'test-api',
      httpMethod: method,
      path: `/prod${url.pathname}`,
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

  it('hands out signed cursors and takes back those signed before the last key rotation', async () => {
    const token = await issuer.mint();
    for (let index = 0; index < 3; index += 1) {
      await invoke(
        restEvent('POST', '/api/events', {
          body: anEvent(),
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    }
    const firstPage = await invoke(restEvent('GET', '/api/events?when=upcoming&limit=1'));
    const cursor = (JSON.parse(firstPage.body) as { nextCursor: string }).nextCursor;
    const nextPage = (c: string) =>
      invoke(restEvent('GET', `/api/events?when=upcoming&limit=1&cursor=${encodeURIComponent(c)}`));

    aws.rotate(SECRET_ID, 'n'.repeat(64));
    handler = freshHandler();
    const afterOneRotation = await nextPage(cursor);
    aws.rotate(SECRET_ID, 'm'.repeat(64));
    handler = freshHandler();
    const afterTwoRotations = await nextPage(cursor);
    const tampered = await nextPage(cursor.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')));

    expect(cursor).toMatch(/\.[\w-]{43}$/);
    expect(afterOneRotation.statusCode).toBe(200);
    expect(afterTwoRotations.statusCode).toBe(400);
    expect(tampered.statusCode).toBe(400);
  });

  it('asks Secrets Manager for the previous key once, not once per bad cursor', async () => {
    const secretId = 'ltc/test/never-rotated';
    aws.rotate(secretId, 'z'.repeat(64));
    const fresh = createLambdaHandler({
      TABLE_NAME: table.tableName,
      AUTH_ISSUER: issuerUrl,
      AUTH_CLIENT_ID: 'ltc-local-web',
      AWS_REGION: 'ap-northeast-1',
      SIGNING_KEY_SECRET_ID: secretId,
      SETTINGS_PARAMETER: SETTINGS,
      REALTIME_CALLBACK_URL: REALTIME_CALLBACK_URL,
    });
    const previousReads = () => aws.calls.get('secretsmanager.GetSecretValue:AWSPREVIOUS') ?? 0;
    const before = previousReads();

    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      const result = await fresh(
        restEvent('GET', `/api/events?cursor=abc.forged${String(index)}`) as never,
        context,
      );
      statuses.push(result.statusCode);
    }

    expect(statuses).toEqual(Array<number>(10).fill(400));
    expect(previousReads() - before).toBe(1);
  });

  it('answers a bad cursor with 400 even while Secrets Manager throttles', async () => {
    aws.throttledStages.add('AWSPREVIOUS');
    const throttled = freshHandler();

    const result = await throttled(
      restEvent('GET', '/api/events?cursor=abc.def') as never,
      context,
    );
    aws.throttledStages.clear();

    expect(result.statusCode).toBe(400);
  });

  it('refuses changes but keeps serving reads while the runtime settings say read-only', async () => {
    aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: true }));
    const readOnly = freshHandler();

    const write = await readOnly(
      restEvent('POST', '/api/events/x/registrations', { body: { name: 'A' } }) as never,
      context,
    );
    const read = await readOnly(restEvent('GET', '/api/health') as never, context);
    aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: false }));

    expect(write.statusCode).toBe(503);
    expect(JSON.parse(write.body)).toMatchObject({
      type: expect.stringContaining('read-only') as unknown,
    });
    expect(read.statusCode).toBe(200);
  });

  it('keeps taking changes when the runtime settings parameter holds something unreadable', async () => {
    aws.parameters.set(SETTINGS, '{"readOnly": "maybe"}');
    const confused = freshHandler();

    const write = await confused(
      restEvent('POST', '/api/events/x/registrations', { body: { name: 1 } }) as never,
      context,
    );
    aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: false }));

    expect(write.statusCode).toBe(400);
  });

  it('honours read-only when the settings carry a note beside it', async () => {
    aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: true, reason: 'data repair' }));
    const noted = freshHandler();

    const write = await noted(
      restEvent('POST', '/api/events/x/registrations', { body: { name: 'A' } }) as never,
      context,
    );
    aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: false }));

    expect(write.statusCode).toBe(503);
  });

  it('reads an unreadable settings parameter once a minute too', async () => {
    aws.parameters.set(SETTINGS, 'not json');
    const confused = freshHandler();
    const before = aws.calls.get('AmazonSSM.GetParameter') ?? 0;

    for (let index = 0; index < 5; index += 1) {
      await confused(
        restEvent('POST', '/api/events/x/registrations', { body: { name: 1 } }) as never,
        context,
      );
    }
    aws.parameters.set(SETTINGS, JSON.stringify({ readOnly: false }));

    expect((aws.calls.get('AmazonSSM.GetParameter') ?? 0) - before).toBe(1);
  });

  it('reads the runtime settings once a minute, not on every request', async () => {
    const cached = freshHandler();
    const before = aws.calls.get('AmazonSSM.GetParameter') ?? 0;

    for (let index = 0; index < 5; index += 1) {
      await cached(
        restEvent('POST', '/api/events/x/registrations', { body: { name: 1 } }) as never,
        context,
      );
    }

    expect((aws.calls.get('AmazonSSM.GetParameter') ?? 0) - before).toBe(1);
  });

  it('links calendar entries to the site named by SITE_URL, not to the API host', async () => {
    const created = await invoke(
      restEvent('POST', '/api/events', {
        body: anEvent({ title: 'カレンダーの夜' }),
        headers: { authorization: `Bearer ${await issuer.mint()}` },
      }),
    );
    const { id } = JSON.parse(created.body) as { id: string };
    const withSite = createLambdaHandler({
      TABLE_NAME: table.tableName,
      AUTH_ISSUER: issuerUrl,
      AUTH_CLIENT_ID: 'ltc-local-web',
      AWS_REGION: 'ap-northeast-1',
      SIGNING_KEY_SECRET_ID: SECRET_ID,
      SETTINGS_PARAMETER: SETTINGS,
      REALTIME_CALLBACK_URL: REALTIME_CALLBACK_URL,
      SITE_URL: 'https://staging.xn--6wym69a.com',
    });

    const result = await withSite(
      restEvent('GET', `/api/events/${id}/calendar.ics`) as never,
      context,
    );

    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body.replace(/\r\n /g, '')).toContain(
      `URL;VALUE=URI:https://staging.xn--6wym69a.com/events/${id}`,
    );
  });

  it('answers the CSV export as text, its byte order mark kept', async () => {
    const token = await issuer.mint();
    const created = await invoke(
      restEvent('POST', '/api/events', {
        body: anEvent(),
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    const { id } = JSON.parse(created.body) as { id: string };

    const result = await invoke(
      restEvent('GET', `/api/organizer/events/${id}/registrations.csv`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );

    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body.startsWith('\uFEFF名前,')).toBe(true);
  });

  it('stops at start naming a SITE_URL that is not a URL', () => {
    expect(() =>
      createLambdaHandler({
        TABLE_NAME: 't',
        AUTH_ISSUER: 'https://issuer.example',
        AUTH_CLIENT_ID: 'x',
        AWS_REGION: 'ap-northeast-1',
        SIGNING_KEY_SECRET_ID: SECRET_ID,
        SETTINGS_PARAMETER: SETTINGS,
        REALTIME_CALLBACK_URL: REALTIME_CALLBACK_URL,
        SITE_URL: 'staging.xn--6wym69a.com',
      }),
    ).toThrow(/SITE_URL/);
  });

  it('stops at start with the name of a missing setting', () => {
    expect(() =>
      createLambdaHandler({ AWS_REGION: 'ap-northeast-1', AUTH_CLIENT_ID: 'x' }),
    ).toThrow(
      /TABLE_NAME.*AUTH_ISSUER.*SIGNING_KEY_SECRET_ID.*SETTINGS_PARAMETER.*REALTIME_CALLBACK_URL.*Api stack/,
    );
  });
});
