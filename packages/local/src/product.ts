import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Logger } from '@aws-lambda-powertools/logger';
import { serve, type ServerType } from '@hono/node-server';
import { createApiApp, createTokenVerifier } from '@ltc/api';
import {
  createDocumentClient,
  createDynamoDbClient,
  createRepositories,
  createStore,
  ensureTable,
  tableNameFor,
  type Repositories,
} from '@ltc/data';

import { createRemoteJWKSet } from 'jose';

import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { freePort } from './free-port.js';
import { LOCAL_CLIENT_ID, LocalIssuer, type DemoOrganizer } from './local-issuer.js';
import { createLocalRealtimeServer, LOCAL_WEBSOCKET_PATH } from './realtime-server.js';
import { seedDemoData, type SeedSummary } from './seed.js';
import { createProductApp } from './server.js';

/** The built web app, beside this package in the repository. */
export const WEB_DIST_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'web',
  'dist',
);

export interface LocalProductOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /**
   * Folder for the database, the local sign-in key and the demo organizer; kept between runs.
   * @default everything in memory, gone on stop
   */
  readonly dataDir?: string;
  /** Whether to fill a new table with demo events, talks and registrations. @default true */
  readonly seed?: boolean;
  /** Powertools log level of the API's request log. @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Folder of the built web app. @default packages/web/dist */
  readonly webDir?: string;
  /**
   * Organizers sign in at this Cognito user pool (or a Cognito-compatible server on this
   * machine) instead of the local issuer: the web app is told to use it, and the API accepts
   * its access tokens only.
   * @default the local issuer
   */
  readonly cognito?: CognitoPool;
}

/** A Cognito user pool, or a Cognito-compatible server standing in for one. */
export interface CognitoPool {
  /** The pool's API, e.g. `http://127.0.0.1:9229` for a local stand-in. */
  readonly endpoint: string;
  readonly region: string;
  readonly userPoolId: string;
  /** The web app's client of the pool. */
  readonly clientId: string;
  /** The `iss` of the pool's tokens; its keys are at `<issuer>/.well-known/jwks.json`. */
  readonly issuer: string;
}

/** A running local product. */
export interface LocalProduct {
  readonly url: string;
  /** The live updates, the local stand-in for the WebSocket API (`ws://…/ws`). */
  readonly webSocketUrl: string;
  readonly port: number;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly repositories: Repositories;
  readonly issuer: LocalIssuer;
  readonly demoOrganizer: DemoOrganizer;
  /** What was seeded on this start; undefined when the table already had data. */
  readonly seeded: SeedSummary | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the whole product on this machine: DynamoDB Local, the table from the shared
 * declaration, demo data on the first run, the local sign-in, and one HTTP server for the API
 * and the web app. This is what `npm start` runs, and what the smoke and browser tests start.
 */
export async function startLocalProduct(options: LocalProductOptions = {}): Promise<LocalProduct> {
  const port = options.port === 0 ? await freePort() : (options.port ?? 3000);
  const url = `http://localhost:${port}`;
  // The port is taken first, so a busy port fails at once; until the product is ready, the
  // server answers 503.
  let serveRequest: (request: Request) => Response | Promise<Response> = () =>
    new Response('Lightning Talk Circle is starting', {
      status: 503,
      headers: { 'retry-after': '1' },
    });
  const server = await listen((request) => serveRequest(request), port);
  let dynamoDb: DynamoDbLocal | undefined;

  try {
    const dataDir = options.dataDir;
    if (dataDir !== undefined) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
    dynamoDb = await startDynamoDbLocal(
      dataDir === undefined ? {} : { dataDir: join(dataDir, 'dynamodb') },
    );
    const tableName = tableNameFor('local');
    const raw = createDynamoDbClient({ endpoint: dynamoDb.endpoint });
    const created = await ensureTable(raw, tableName);
    const repositories = createRepositories(createStore(createDocumentClient(raw), tableName));
    const seeded =
      created && options.seed !== false ? await seedDemoData(repositories, new Date()) : undefined;

    const issuer = await LocalIssuer.open({
      issuer: `${url}/local-auth`,
      ...(dataDir === undefined ? {} : { dir: dataDir }),
    });
    const realtime = createLocalRealtimeServer(
      repositories,
      new Logger({ serviceName: 'ltc-realtime', logLevel: options.logLevel ?? 'INFO' }),
    );
    const cognito = options.cognito;
    const api = createApiApp({
      repositories,
      verifyToken: createTokenVerifier(
        cognito === undefined
          ? { issuer: issuer.issuer, clientId: LOCAL_CLIENT_ID, keys: issuer.keySource() }
          : {
              issuer: cognito.issuer,
              clientId: cognito.clientId,
              keys: createRemoteJWKSet(new URL(`${cognito.issuer}/.well-known/jwks.json`)),
            },
      ),
      logger: new Logger({ serviceName: 'ltc-api', logLevel: options.logLevel ?? 'INFO' }),
      live: realtime.broadcaster,
    });
    serveRequest = createProductApp({
      api,
      issuer,
      webDir: options.webDir ?? WEB_DIST_DIR,
      ...(cognito === undefined ? {} : { cognito }),
    }).fetch;
    server.on('upgrade', realtime.handleUpgrade);

    const database = dynamoDb;
    return {
      url,
      webSocketUrl: `ws://localhost:${port}${LOCAL_WEBSOCKET_PATH}`,
      port,
      dynamoDbEndpoint: database.endpoint,
      tableName,
      repositories,
      issuer,
      demoOrganizer: issuer.demoOrganizer,
      seeded,
      stop: async () => {
        await realtime.close();
        await closeServer(server);
        raw.destroy();
        await database.stop();
      },
    };
  } catch (error) {
    await closeServer(server);
    await dynamoDb?.stop();
    throw error;
  }
}

async function closeServer(server: ServerType): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/** Serves `fetch` on 127.0.0.1 (never on other interfaces); fails clearly when the port is taken. */
async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => {
      server.off('error', onError);
      resolve(server);
    });
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} is already in use: stop what runs there, or start with PORT=<another port>`,
            )
          : error,
      );
    };
    server.once('error', onError);
  });
}
