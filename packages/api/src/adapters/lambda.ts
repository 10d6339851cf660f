import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient, createRepositories, createStore } from '@ltc/data';
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

/** Builds the API behind an API Gateway REST (v1) proxy integration from the environment. */
export function createLambdaHandler(environment: NodeJS.ProcessEnv): ProxyHandler {
  const config = readLambdaConfig(environment);
  const logger = new Logger({ serviceName: 'ltc-api' });
  const client = createDocumentClient({ region: config.AWS_REGION });
  const app = createApiApp({
    repositories: createRepositories(createStore(client, config.TABLE_NAME)),
    verifyToken: createTokenVerifier({
      issuer: config.AUTH_ISSUER,
      clientId: config.AUTH_CLIENT_ID,
      keys: createRemoteJWKSet(new URL(`${config.AUTH_ISSUER}/.well-known/jwks.json`)),
    }),
    logger,
    signingKeys: secretsManagerSigningKeys(config.SIGNING_KEY_SECRET_ID, config.AWS_REGION),
    settings: ssmSettings(config.SETTINGS_PARAMETER, config.AWS_REGION, logger),
  });
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const honoHandler = handle(app);
  return (event, context) => {
    logger.appendKeys({ requestId: context.awsRequestId, functionName: context.functionName });
    return honoHandler(event, context) as Promise<ProxyResult>;
  };
}

let cached: ProxyHandler | undefined;

/** The Lambda entry point; the app is built on the first request and kept for the next. */
export const handler: ProxyHandler = (event, context) => {
  cached ??= createLambdaHandler(process.env);
  return cached(event, context);
};
