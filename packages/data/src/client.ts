import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** AWS region; in AWS it comes from the Lambda environment. @default the SDK's own lookup */
  readonly region?: string;
  /**
   * A DynamoDB-compatible endpoint such as DynamoDB Local. When set, the client uses fixed
   * local credentials and never looks for AWS ones. @default AWS's regional endpoint
   */
  readonly endpoint?: string;
  /** Extra client settings, e.g. retry strategy or middleware for tests. */
  readonly clientConfig?: DynamoDBClientConfig;
}

/** A plain DynamoDB client, for table administration. */
export function createDynamoDbClient(options: DocumentClientOptions = {}): DynamoDBClient {
  const local =
    options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          region: options.region ?? 'ap-northeast-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          // One local process serves many concurrent requests; the SDK's default of 50 sockets
          // would queue them.
          requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } },
        };
  return new DynamoDBClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...local,
    ...options.clientConfig,
  });
}

/** A DynamoDB document client that drops `undefined` attributes instead of failing on them. */
export function createDocumentClient(
  options: DocumentClientOptions | DynamoDBClient = {},
): DynamoDBDocumentClient {
  const client = options instanceof DynamoDBClient ? options : createDynamoDbClient(options);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
