import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { ACTIVITY_METRICS_NAMESPACE, type ActivityRecorder } from '@ltc/domain';

/** The parts of a Lambda context the telemetry reads. */
export interface InvocationContext {
  readonly awsRequestId: string;
  readonly functionName: string;
}

/**
 * Logs, traces and metrics of one Lambda function with Powertools: JSON log lines that carry
 * the request id, X-Ray subsegments for every AWS SDK call of an instrumented client, and the
 * activity metrics (plus a cold-start count) in CloudWatch's embedded metric format.
 */
export interface LambdaTelemetry {
  readonly logger: Logger;
  /** Counts what people do, as metrics published at the end of the invocation. */
  readonly activity: ActivityRecorder;
  /** Has X-Ray trace every call the AWS SDK client makes; returns the same client. */
  readonly instrument: <Client extends object>(client: Client) => Client;
  /** Starts an invocation: request id on every log line, the cold start counted once. */
  begin(context: InvocationContext): void;
  /** Publishes the metrics the invocation recorded, if any. */
  end(): void;
}

/**
 * The telemetry of a function, from its environment: `LTC_STAGE` becomes a dimension of every
 * metric, so the stages of one account keep their numbers apart.
 */
export function createLambdaTelemetry(
  serviceName: string,
  environment: NodeJS.ProcessEnv,
): LambdaTelemetry {
  const stage = environment.LTC_STAGE;
  const logger = new Logger({ serviceName });
  const tracer = new Tracer({ serviceName });
  const metrics = new Metrics({
    serviceName,
    namespace: ACTIVITY_METRICS_NAMESPACE,
    defaultDimensions: stage === undefined ? {} : { stage },
  });

  return {
    logger,
    activity: {
      record(activity, count = 1) {
        metrics.addMetric(activity, MetricUnit.Count, count);
      },
    },
    instrument: (client) => tracer.captureAWSv3Client(client),
    begin(context) {
      logger.appendKeys({ requestId: context.awsRequestId, functionName: context.functionName });
      metrics.captureColdStartMetric(context.functionName);
    },
    end() {
      if (metrics.hasStoredMetrics()) {
        metrics.publishStoredMetrics();
      }
    },
  };
}
