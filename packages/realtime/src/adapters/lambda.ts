import {
  createDocumentClient,
  createDynamoDbClient,
  createRepositories,
  createStore,
} from '@ltc/data';
import { createLambdaTelemetry, type InvocationContext } from '@ltc/telemetry';
import { z } from 'zod';

import { handleWebSocketRoute } from '../routes.js';

const environment = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1),
});

/** The parts of an API Gateway WebSocket event the handler reads. */
const webSocketEvent = z.object({
  requestContext: z.object({
    routeKey: z.string(),
    connectionId: z.string().min(1),
  }),
  body: z.string().nullish(),
});

export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

type WebSocketHandler = (event: unknown, context?: InvocationContext) => Promise<WebSocketResult>;

/** Builds the WebSocket handler from the environment the Realtime stack sets. */
export function createWebSocketHandler(env: NodeJS.ProcessEnv): WebSocketHandler {
  const settings = environment.safeParse(env);
  if (!settings.success) {
    const names = settings.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(
      `The realtime Lambda is missing settings: ${names}. The Realtime stack of the CDK app sets them.`,
    );
  }
  const telemetry = createLambdaTelemetry('ltc-realtime', env);
  const { logger } = telemetry;
  const client = createDocumentClient(
    telemetry.instrument(createDynamoDbClient({ region: settings.data.AWS_REGION })),
  );
  const { connections } = createRepositories(createStore(client, settings.data.TABLE_NAME), {
    activity: telemetry.activity,
  });

  return async (input, context) => {
    if (context !== undefined) telemetry.begin(context);
    try {
      return await handleEvent(input);
    } finally {
      telemetry.end();
    }
  };

  async function handleEvent(input: unknown): Promise<WebSocketResult> {
    const event = webSocketEvent.parse(input);
    const result = await handleWebSocketRoute(connections, {
      ...event.requestContext,
      body: event.body,
    });
    if (result.reply === undefined) return { statusCode: result.statusCode };
    if (result.reply.type === 'error') {
      logger.info('client message refused', { code: result.reply.code });
    }
    return { statusCode: result.statusCode, body: JSON.stringify(result.reply) };
  }
}

let cached: WebSocketHandler | undefined;

/** The Lambda entry point; built on the first event and kept for the next. */
export const handler: WebSocketHandler = (event, context) => {
  cached ??= createWebSocketHandler(process.env);
  return cached(event, context);
};
