import { Logger } from '@aws-lambda-powertools/logger';
import { createApiApp, createTokenVerifier, type ApiApp } from '@ltc/api';
import { LOCAL_CLIENT_ID, LocalIssuer } from '@ltc/local/local-issuer';

import type { CreateEventInput } from '@ltc/domain';

import { anEvent } from './fixtures.js';
import { createTestTable, type TestTable, type TestTableOptions } from './table.js';

/** The API app in-process over a fresh table, with a local issuer for organizer tokens. */
export interface TestApi {
  readonly app: ApiApp;
  readonly table: TestTable;
  readonly issuer: LocalIssuer;
  /** A valid organizer access token. */
  readonly organizerToken: string;
  /** Sends a request to the app; `json` is serialized with the JSON content type. */
  request(path: string, init?: TestRequestInit): Promise<Response>;
  /** Creates an event as the organizer (a valid hybrid one unless overridden); expects 201. */
  createEvent<T extends { id: string } = { id: string }>(
    overrides?: Partial<CreateEventInput>,
  ): Promise<T>;
}

export interface TestRequestInit extends Omit<RequestInit, 'body'> {
  readonly json?: unknown;
  readonly body?: string;
  /** Sends the organizer token unless a different Authorization header is given. */
  readonly asOrganizer?: boolean;
  readonly manageToken?: string;
}

export const TEST_ISSUER = 'http://localhost:3999/local-auth';

export async function createTestApi(options: TestTableOptions = {}): Promise<TestApi> {
  const table = await createTestTable(undefined, options);
  const issuer = await LocalIssuer.open({ issuer: TEST_ISSUER });
  const app = createApiApp({
    repositories: table.repositories,
    verifyToken: createTokenVerifier({
      issuer: TEST_ISSUER,
      clientId: LOCAL_CLIENT_ID,
      keys: issuer.keySource(),
    }),
    logger: new Logger({ serviceName: 'ltc-api-test', logLevel: 'SILENT' }),
  });
  const organizerToken = await issuer.mint();

  const testApi: TestApi = {
    app,
    table,
    issuer,
    organizerToken,
    request: async (path, init = {}) => {
      const { json, asOrganizer, manageToken, body, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined && !headers.has('content-type'))
        headers.set('content-type', 'application/json');
      if (asOrganizer === true && !headers.has('authorization'))
        headers.set('authorization', `Bearer ${organizerToken}`);
      if (manageToken !== undefined) headers.set('x-manage-token', manageToken);
      return app.request(path, {
        ...rest,
        headers,
        ...(json !== undefined
          ? { body: JSON.stringify(json) }
          : body !== undefined
            ? { body }
            : {}),
      });
    },
    createEvent: async <T extends { id: string }>(overrides: Partial<CreateEventInput> = {}) => {
      const response = await testApi.request('/api/events', {
        method: 'POST',
        json: anEvent(overrides),
        asOrganizer: true,
      });
      if (response.status !== 201) {
        throw new Error(`creating the event answered ${response.status}: ${await response.text()}`);
      }
      return readJson<T>(response);
    },
  };
  return testApi;
}

/** Reads a JSON body, failing the test with the body text when it is not JSON. */
export async function readJson<T = Record<string, unknown>>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON, got ${response.status}: ${text.slice(0, 500)}`);
  }
}
