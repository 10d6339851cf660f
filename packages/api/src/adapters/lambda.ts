import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient, createRepositories, createStore } from '@ltc/data';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';

import { createApiApp } from '../app.js';
import { createTokenVerifier } from '../auth/token-verifier.js';
import { readLambdaConfig } from './lambda-config.js';

type ProxyHandler = (
  event: LambdaEvent,
  context: LambdaContext,
) => ReturnType<ReturnType<typeof handle>>;

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
  });
  const honoHandler = handle(app);
  return async (event, context) => {
    logger.appendKeys({ requestId: context.awsRequestId, functionName: context.functionName });
    return honoHandler(event, context);
  };
}

let cached: ProxyHandler | undefined;

/** The Lambda entry point; the app is built on the first request and kept for the next. */
export const handler: ProxyHandler = async (event, context) => {
  cached ??= createLambdaHandler(process.env);
  return cached(event, context);
};
