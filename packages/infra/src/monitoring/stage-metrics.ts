import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { TABLE_DECLARATION } from '@ltc/data/table';
import { ACTIVITY_METRICS_NAMESPACE, type Activity } from '@ltc/domain';

import { EDGE_REGION } from '../stacks/edge-stack.js';

/** The namespace of the metrics the handlers emit with Powertools Metrics. */
export const APP_METRICS_NAMESPACE = ACTIVITY_METRICS_NAMESPACE;

/**
 * What the people using the product do, as the handlers count it. Each is a Powertools metric
 * in {@link APP_METRICS_NAMESPACE} with the dimensions `service` and `stage`.
 */
export const ACTIVITY_METRICS: readonly {
  readonly name: Activity;
  readonly service: string;
  readonly label: string;
}[] = [
  { name: 'RegistrationsConfirmed', service: 'ltc-api', label: 'registrations (confirmed)' },
  { name: 'RegistrationsWaitlisted', service: 'ltc-api', label: 'registrations (waitlisted)' },
  { name: 'WaitlistPromotions', service: 'ltc-api', label: 'waitlist promotions' },
  { name: 'TalksSubmitted', service: 'ltc-api', label: 'talks submitted' },
  { name: 'Votes', service: 'ltc-realtime', label: 'votes' },
];

export interface StageMetricsProps {
  readonly stage: string;
  /** The stage's main region; alarms there can only watch metrics of that region. */
  readonly region: string;
  readonly tableName: string;
  /** The WebSocket API's id; its metrics are known by id, not by name. @default No WebSocket metrics */
  readonly webSocketApiId?: string;
  /** The CloudFront distribution's id; its metrics live in us-east-1. @default No CloudFront metrics */
  readonly distributionId?: string;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/**
 * The metrics of one stage, by the names its resources carry, for its dashboard and alarms.
 * Every function takes the period it is shown or alarmed over.
 */
export class StageMetrics {
  readonly apiName: string;
  readonly functions: {
    readonly api: string;
    readonly realtime: string;
    readonly rotation: string;
  };

  constructor(private readonly props: StageMetricsProps) {
    this.apiName = `ltc-${props.stage}-api`;
    this.functions = {
      api: `ltc-${props.stage}-api`,
      realtime: `ltc-${props.stage}-realtime`,
      rotation: `ltc-${props.stage}-rotate-signing-key`,
    };
  }

  api(metricName: string, statistic: string, period = ONE_MINUTE): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: this.apiName },
      statistic,
      period,
    });
  }

  lambda(
    functionName: string,
    metricName: string,
    statistic = 'Sum',
    period = ONE_MINUTE,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName,
      dimensionsMap: { FunctionName: functionName },
      statistic,
      period,
    });
  }

  /** Cold starts, as Powertools Metrics counts them in each function's first invocation. */
  coldStarts(service: string, period = ONE_MINUTE): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      label: `${service} cold starts`,
      expression: `SEARCH('{${APP_METRICS_NAMESPACE},function_name,service,stage} MetricName="ColdStart" service="${service}" stage="${this.props.stage}"', 'Sum', ${String(period.toSeconds())})`,
      period,
    });
  }

  table(metricName: string, statistic = 'Sum', period = ONE_MINUTE): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName,
      dimensionsMap: { TableName: this.props.tableName },
      statistic,
      period,
    });
  }

  /**
   * Read and write throttle events of the table and of each of its indexes (DynamoDB reports an
   * index's throttles under the index's name only), by an id for metric math.
   */
  tableThrottles(period = ONE_MINUTE): Record<string, cloudwatch.Metric> {
    const throttles: Record<string, cloudwatch.Metric> = {};
    const indexes = [
      undefined,
      ...TABLE_DECLARATION.globalSecondaryIndexes.map((i) => i.indexName),
    ];
    indexes.forEach((indexName, position) => {
      for (const [kind, metricName] of [
        ['reads', 'ReadThrottleEvents'],
        ['writes', 'WriteThrottleEvents'],
      ] as const) {
        throttles[`${kind}${String(position)}`] = new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap:
            indexName === undefined
              ? { TableName: this.props.tableName }
              : { TableName: this.props.tableName, GlobalSecondaryIndexName: indexName },
          statistic: 'Sum',
          period,
        });
      }
    });
    return throttles;
  }

  /** A DynamoDB metric that is only published per operation, summed over every operation. */
  tableByOperation(
    metricName: string,
    statistic: string,
    period = ONE_MINUTE,
  ): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      label: metricName,
      expression: `SELECT ${statistic.toUpperCase()}(${metricName}) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = '${this.props.tableName}'`,
      period,
    });
  }

  /** The request latency of each operation on the table (a search over its operations). */
  tableLatency(period = ONE_MINUTE): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      label: 'latency',
      expression: `SEARCH('{AWS/DynamoDB,Operation,TableName} MetricName="SuccessfulRequestLatency" TableName="${this.props.tableName}"', 'Average', ${String(period.toSeconds())})`,
      period,
    });
  }

  webSocket(metricName: string, period = ONE_MINUTE): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: {
        ApiId: required(this.props.webSocketApiId, 'webSocketApiId'),
        Stage: 'live',
      },
      statistic: 'Sum',
      period,
    });
  }

  cloudFront(metricName: string, statistic: string, period = ONE_MINUTE): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: {
        DistributionId: required(this.props.distributionId, 'distributionId'),
        Region: 'Global',
      },
      statistic,
      period,
      region: EDGE_REGION,
    });
  }

  /** Requests a web ACL allowed or blocked; the CloudFront one reports in us-east-1. */
  waf(
    acl: 'api' | 'cloudfront',
    metricName: 'AllowedRequests' | 'BlockedRequests',
    period = ONE_MINUTE,
  ): cloudwatch.Metric {
    const webAcl = `ltc-${this.props.stage}-${acl}`;
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap:
        acl === 'api'
          ? { WebACL: webAcl, Rule: 'ALL', Region: this.props.region }
          : { WebACL: webAcl, Rule: 'ALL' },
      statistic: 'Sum',
      period,
      region: acl === 'api' ? undefined : EDGE_REGION,
      label: `${acl} ${metricName === 'BlockedRequests' ? 'blocked' : 'allowed'}`,
    });
  }

  activity(name: string, service: string, label: string, period = FIVE_MINUTES): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: APP_METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service, stage: this.props.stage },
      statistic: 'Sum',
      period,
      label,
    });
  }
}

function required(value: string | undefined, name: keyof StageMetricsProps): string {
  if (value === undefined) {
    throw new Error(`StageMetrics was built without ${name}, which this metric needs.`);
  }
  return value;
}
