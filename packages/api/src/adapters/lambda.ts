import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  createDocumentClient,
  createDynamoDbClient,
  createRepositories,
  createStore,
} from '@ltc/data';
import { createLambdaTelemetry } from '@ltc/telemetry';
import { LiveBroadcaster, managementApiSender } from '@ltc/realtime';
import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';

import { createApiApp } from '../app.js';
import { createTokenVerifier } from '../auth/token-verifier.js';
import { secretsManagerSigningKeys, ssmSettings } from './aws-runtime-values.js';
import { readLambdaConfig } from './lambda-config.js';

// Hono marks its built-in Lambda adapter deprecated in favour of `@hono/aws-lambda`, which is
// not published on the npm registry yet; the built-in one stays the supported adapter until then.
// eslint-disable-next-line @typescript-eslint/no-deprecated
type HonoLambdaHandler = ReturnType<typeof handle>;

/** What API Gateway's REST proxy integration expects back. */
export interface ProxyResult {
  readonly statusCode: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
  readonly multiValueHeaders?: Record<string, string[]>;
  readonly isBase64Encoded: boolean;
}

type ProxyHandler = (
  event: Parameters<HonoLambdaHandler>[0],
  context: NonNullable<Parameters<HonoLambdaHandler>[1]>,
) => Promise<ProxyResult>;

/**
 * Whether an answer must travel base64-encoded. Hono's default counts only a few `text/` types
 * as text, so a calendar (`text/calendar`) would reach the client as base64: the REST API has no
 * binary media types and passes the encoded body through. Every `text/` type, JSON and XML is
 * text here.
 */
function isContentTypeBinary(contentType: string): boolean {
  return !/^text\/|[/+](?:json|xml)\s*(?:;|$)/i.test(contentType);
}

/** Builds the API behind an API Gateway REST (v1) proxy integration from the environment. */
export function createLambdaHandler(environment: NodeJS.ProcessEnv): ProxyHandler {
  const config = readLambdaConfig(environment);
  const telemetry = createLambdaTelemetry('ltc-api', environment);
  const { logger, instrument } = telemetry;
  const region = config.AWS_REGION;
  const client = createDocumentClient(instrument(createDynamoDbClient({ region })));
  const repositories = createRepositories(createStore(client, config.TABLE_NAME), {
    activity: telemetry.activity,
  });
  const app = createApiApp({
    repositories,
    verifyToken: createTokenVerifier({
      issuer: config.AUTH_ISSUER,
      clientId: config.AUTH_CLIENT_ID,
      keys: createRemoteJWKSet(new URL(`${config.AUTH_ISSUER}/.well-known/jwks.json`)),
    }),
    logger,
    signingKeys: secretsManagerSigningKeys(
      config.SIGNING_KEY_SECRET_ID,
      instrument(new SecretsManagerClient({ region })),
    ),
    settings: ssmSettings(config.SETTINGS_PARAMETER, instrument(new SSMClient({ region })), logger),
    live: new LiveBroadcaster(
      repositories.connections,
      repositories.live,
      managementApiSender(config.REALTIME_CALLBACK_URL, region, instrument),
    ),
    siteUrl: config.SITE_URL,
  });
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const honoHandler = handle(app, { isContentTypeBinary });
  return async (event, context) => {
    telemetry.begin(context);
    try {
      return (await honoHandler(event, context)) as ProxyResult;
    } finally {
      telemetry.end();
    }
  };
}

let cached: ProxyHandler | undefined;

/** The Lambda entry point; the app is built on the first request and kept for the next. */
export const handler: ProxyHandler = (event, context) => {
  cached ??= createLambdaHandler(process.env);
  return cached(event, context);
};
