import {
  createDocumentClient,
  createDynamoDbClient,
  createRepositories,
  createStore,
} from '@ltc/data';
import { createLambdaTelemetry, type InvocationContext } from '@ltc/telemetry';
import { z } from 'zod';

import { LiveBroadcaster, type ConnectionSender } from '../broadcast.js';
import { handleWebSocketRoute } from '../routes.js';
import { managementApiSender } from './management-api-sender.js';

const environment = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1),
  /**
   * Where to reach the connections; by default the management endpoint of the API the event
   * came through (`https://{domainName}/{stage}`). Set only where that is not reachable.
   */
  MANAGEMENT_ENDPOINT: z.url().optional(),
});

/** The parts of an API Gateway WebSocket event the handler reads. */
const webSocketEvent = z.object({
  requestContext: z.object({
    routeKey: z.string(),
    connectionId: z.string().min(1),
    domainName: z.string().min(1),
    stage: z.string().min(1),
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
  const managementEndpoint = settings.data.MANAGEMENT_ENDPOINT;
  const telemetry = createLambdaTelemetry('ltc-realtime', env);
  const { logger } = telemetry;
  const client = createDocumentClient(
    telemetry.instrument(createDynamoDbClient({ region: settings.data.AWS_REGION })),
  );
  const { connections, live } = createRepositories(createStore(client, settings.data.TABLE_NAME), {
    activity: telemetry.activity,
  });
  // One management API client and broadcaster per endpoint, made on the first event that names it.
  const outlets = new Map<string, { sender: ConnectionSender; broadcaster: LiveBroadcaster }>();
  const outletFor = (endpoint: string) => {
    let outlet = outlets.get(endpoint);
    if (outlet === undefined) {
      const sender = managementApiSender(endpoint, settings.data.AWS_REGION, telemetry.instrument);
      outlet = { sender, broadcaster: new LiveBroadcaster(connections, live, sender) };
      outlets.set(endpoint, outlet);
    }
    return outlet;
  };

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
    const { routeKey, connectionId, domainName, stage } = event.requestContext;
    const { sender, broadcaster } = outletFor(
      managementEndpoint ?? `https://${domainName}/${stage}`,
    );
    const result = await handleWebSocketRoute(
      { connections, live, broadcaster },
      { routeKey, connectionId, body: event.body },
    );
    if (result.reply === undefined) return { statusCode: result.statusCode };
    if (result.reply.type === 'error') {
      logger.info('client message refused', { code: result.reply.code });
    }
    if (result.close !== undefined) {
      // The error frame goes first, so the client learns why before the connection drops.
      await sender.send(connectionId, JSON.stringify(result.reply));
      await sender.disconnect(connectionId, result.close);
      return { statusCode: result.statusCode };
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
