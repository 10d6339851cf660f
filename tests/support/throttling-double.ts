import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/**
 * A test double of DynamoDB throttling, at the SDK client: an SDK middleware that, while
 * switched on, answers calls the way DynamoDB does when a table or partition is over its
 * throughput, before they reach the database. A plain call fails with
 * `ProvisionedThroughputExceededException`; a `TransactWriteItems` fails, every other time, as
 * DynamoDB cancels a throttled transaction (`TransactionCanceledException` with `ThrottlingError`
 * reasons). It sits inside the SDK's own retries, so the SDK retries these as it would retry
 * DynamoDB's.
 */
export class ThrottlingDoubleForTest {
  /** Whether calls are throttled now. */
  throttling = false;
  /** Calls answered with a throttling error so far. */
  throttled = 0;

  /** Installs the middleware on a client; call before wrapping it in a document client. */
  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.throttling) return next(args);
        this.throttled++;
        const metadata = { httpStatusCode: 400, requestId: `throttled-${this.throttled}` };
        if (context.commandName === 'TransactWriteItemsCommand' && this.throttled % 2 === 0) {
          const items = (args.input as { TransactItems?: unknown[] }).TransactItems ?? [];
          throw new TransactionCanceledException({
            message: 'Transaction cancelled (throttling double)',
            $metadata: metadata,
            CancellationReasons: items.map(() => ({
              Code: 'ThrottlingError',
              Message: 'Throughput exceeds the current capacity of your table or index.',
            })),
          });
        }
        throw new ProvisionedThroughputExceededException({
          message:
            'The level of configured provisioned throughput was exceeded (throttling double)',
          $metadata: metadata,
        });
      },
      { step: 'finalizeRequest', priority: 'low', name: 'throttlingDoubleForTest' },
    );
  }
}
