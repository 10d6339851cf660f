import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

import type { ConnectionSender } from '../broadcast.js';

/**
 * Sends to WebSocket connections through API Gateway's management API at `endpoint`
 * (`https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`). A connection that is gone
 * answers 410, which becomes `gone`.
 */
export function managementApiSender(
  endpoint: string,
  region: string,
  instrument: <T extends ApiGatewayManagementApiClient>(client: T) => T = (client) => client,
): ConnectionSender {
  const client = instrument(new ApiGatewayManagementApiClient({ endpoint, region }));
  return {
    async send(connectionId, data) {
      try {
        await client.send(
          new PostToConnectionCommand({
            ConnectionId: connectionId,
            Data: new TextEncoder().encode(data),
          }),
        );
        return 'sent';
      } catch (error) {
        if (error instanceof GoneException) return 'gone';
        throw error;
      }
    },
    async disconnect(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (error) {
        if (!(error instanceof GoneException)) throw error;
      }
    },
  };
}
