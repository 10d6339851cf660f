import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { tableNameFor } from '@ltc/data/table';
import type { Construct } from 'constructs';

import { readParameter } from '../constructs/stage-parameters.js';
import { runbookAlarm } from '../monitoring/runbook-alarm.js';
import { ACTIVITY_METRICS, StageMetrics } from '../monitoring/stage-metrics.js';
import { stageAlarmTopic } from './foundation-stack.js';
import { REALTIME_PARAMETERS } from './realtime-stack.js';
import { StageStack, type StageStackProps } from './stage-stack.js';
import { WEB_PARAMETERS } from './web-stack.js';

const FIVE_MINUTES = Duration.minutes(5);

/** The share of API requests, in percent, that may fail with 5xx before the alarm goes off. */
export const API_5XX_RATE_PERCENT = 5;

/**
 * The stage's CloudWatch dashboard and the alarms of its main region. It finds the other
 * stacks' resources by their stage names or through SSM, so it needs no CloudFormation export
 * and deploys last. CloudFront's metrics live in us-east-1, where alarms on them must live too:
 * those are in the `edge-alarms` stack.
 */
export class ObservabilityStack extends StageStack {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'observability', { ...props, description: 'dashboard and alarms' });
    const { stage } = this.config;

    const metrics = new StageMetrics({
      stage,
      region: this.region,
      tableName: tableNameFor(stage),
      webSocketApiId: readParameter(this, stage, REALTIME_PARAMETERS.apiId),
      distributionId: readParameter(this, stage, WEB_PARAMETERS.distributionId),
    });
    const topic = stageAlarmTopic(this, stage);

    this.addDashboard(metrics);
    this.addAlarms(metrics, topic);
  }

  private addDashboard(metrics: StageMetrics): void {
    const { api, realtime } = metrics.functions;
    const graph = (
      title: string,
      left: cloudwatch.IMetric[],
      right: cloudwatch.IMetric[] = [],
    ): cloudwatch.GraphWidget => new cloudwatch.GraphWidget({ title, left, right, width: 8 });

    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `ltc-${this.config.stage}`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# Lightning Talk Circle — ${this.config.stage}`,
            width: 24,
            height: 1,
          }),
        ],
        [
          graph('API requests and errors', [
            metrics.api('Count', 'Sum'),
            metrics.api('4XXError', 'Sum'),
            metrics.api('5XXError', 'Sum'),
          ]),
          graph(
            'API latency (ms)',
            ['p50', 'p90', 'p99'].map((percentile) => metrics.api('Latency', percentile)),
          ),
          graph(
            'People (per 5 minutes)',
            ACTIVITY_METRICS.map((activity) =>
              metrics.activity(activity.name, activity.service, activity.label),
            ),
          ),
        ],
        [
          graph(
            'Function errors and throttles',
            [api, realtime].flatMap((name) => [
              metrics.lambda(name, 'Errors'),
              metrics.lambda(name, 'Throttles'),
            ]),
          ),
          graph(
            'Function duration (ms)',
            [api, realtime].flatMap((name) => [
              metrics.lambda(name, 'Duration', 'p50'),
              metrics.lambda(name, 'Duration', 'p99'),
            ]),
          ),
          graph(
            'Concurrency and cold starts',
            [api, realtime].flatMap((name) => [
              metrics.lambda(name, 'ConcurrentExecutions', 'Maximum'),
              metrics.lambda(name, 'ProvisionedConcurrencySpilloverInvocations'),
            ]),
            [metrics.coldStarts('ltc-api'), metrics.coldStarts('ltc-realtime')],
          ),
        ],
        [
          graph('Table capacity used', [
            metrics.table('ConsumedReadCapacityUnits'),
            metrics.table('ConsumedWriteCapacityUnits'),
          ]),
          graph(
            'Table throttles and errors',
            [metrics.table('ReadThrottleEvents'), metrics.table('WriteThrottleEvents')],
            [metrics.tableByOperation('SystemErrors', 'Sum')],
          ),
          graph('Table latency (ms)', [metrics.tableLatency()]),
        ],
        [
          graph(
            'Live updates (WebSocket)',
            [metrics.webSocket('ConnectCount'), metrics.webSocket('MessageCount')],
            [
              metrics.webSocket('ClientError'),
              metrics.webSocket('IntegrationError'),
              metrics.webSocket('ExecutionError'),
            ],
          ),
          graph(
            'CloudFront requests and 5xx (%)',
            [metrics.cloudFront('Requests', 'Sum')],
            [metrics.cloudFront('5xxErrorRate', 'Average')],
          ),
          graph('CloudFront cache hit rate (%)', [metrics.cloudFront('CacheHitRate', 'Average')]),
        ],
        [
          graph(
            'Web ACLs: allowed and blocked',
            [metrics.waf('cloudfront', 'AllowedRequests'), metrics.waf('api', 'AllowedRequests')],
            [metrics.waf('cloudfront', 'BlockedRequests'), metrics.waf('api', 'BlockedRequests')],
          ),
        ],
      ],
    });
  }

  private addAlarms(metrics: StageMetrics, topic: sns.ITopic): void {
    const { stage, alarms: limits } = this.config;
    const { api, realtime, rotation } = metrics.functions;
    const alarm = (id: string, props: Omit<Parameters<typeof runbookAlarm>[2], 'topic'>): void => {
      this.alarms.push(runbookAlarm(this, id, { ...props, topic }));
    };

    alarm('Api5xxRate', {
      alarmName: `ltc-${stage}-api-5xx-rate`,
      summary: `More than ${String(API_5XX_RATE_PERCENT)} % of API requests failed with a server error for three minutes.`,
      runbook: 'api-5xx-rate.md',
      metric: new cloudwatch.MathExpression({
        label: '5xx rate (%)',
        // Below 20 requests a minute a single failure would read as a high rate.
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: {
          requests: metrics.api('Count', 'Sum'),
          errors: metrics.api('5XXError', 'Sum'),
        },
        period: Duration.minutes(1),
      }),
      threshold: API_5XX_RATE_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    alarm('ApiLatency', {
      alarmName: `ltc-${stage}-api-p99-latency`,
      summary: `The API's p99 latency stayed above ${String(limits.apiP99LatencyMs)} ms for 15 minutes.`,
      runbook: 'api-latency.md',
      metric: metrics.api('Latency', 'p99', FIVE_MINUTES),
      threshold: limits.apiP99LatencyMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    for (const [part, functionName] of [
      ['api', api],
      ['realtime', realtime],
    ] as const) {
      const Part = part === 'api' ? 'Api' : 'Realtime';
      alarm(`${Part}FunctionErrors`, {
        alarmName: `ltc-${stage}-${part}-function-errors`,
        summary: `The ${part} function failed 5 times or more in five minutes.`,
        runbook: 'function-errors.md',
        metric: metrics.lambda(functionName, 'Errors', 'Sum', FIVE_MINUTES),
        threshold: 5,
      });
      alarm(`${Part}FunctionThrottles`, {
        alarmName: `ltc-${stage}-${part}-function-throttles`,
        summary: `Lambda turned calls of the ${part} function away for lack of concurrency.`,
        runbook: 'function-throttles.md',
        metric: metrics.lambda(functionName, 'Throttles', 'Sum', FIVE_MINUTES),
        threshold: 1,
      });
    }
    const throttles = metrics.tableThrottles(FIVE_MINUTES);
    alarm('TableThrottles', {
      alarmName: `ltc-${stage}-table-throttles`,
      summary: 'DynamoDB throttled reads or writes of the table or one of its indexes.',
      runbook: 'table-throttles.md',
      metric: new cloudwatch.MathExpression({
        label: 'throttle events',
        expression: Object.keys(throttles).join(' + '),
        usingMetrics: throttles,
        period: FIVE_MINUTES,
      }),
      threshold: 1,
    });
    alarm('TableSystemErrors', {
      alarmName: `ltc-${stage}-table-system-errors`,
      summary: 'DynamoDB answered requests on the table with an internal error.',
      runbook: 'table-system-errors.md',
      metric: metrics.tableByOperation('SystemErrors', 'Sum', FIVE_MINUTES),
      threshold: 1,
    });
    alarm('WebSocketErrors', {
      alarmName: `ltc-${stage}-websocket-errors`,
      summary:
        'The live-updates WebSocket API failed to reach or run its function 5 times or more in five minutes.',
      runbook: 'websocket-errors.md',
      metric: new cloudwatch.MathExpression({
        label: 'WebSocket errors',
        expression: 'integration + execution',
        usingMetrics: {
          integration: metrics.webSocket('IntegrationError', FIVE_MINUTES),
          execution: metrics.webSocket('ExecutionError', FIVE_MINUTES),
        },
        period: FIVE_MINUTES,
      }),
      threshold: 5,
    });
    alarm('ApiWafBlocks', {
      alarmName: `ltc-${stage}-api-waf-blocks`,
      summary: `The API's web ACL blocked more than ${String(limits.wafBlockedPer5Minutes)} requests in five minutes.`,
      runbook: 'waf-blocks.md',
      metric: metrics.waf('api', 'BlockedRequests', FIVE_MINUTES),
      threshold: limits.wafBlockedPer5Minutes,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    alarm('SigningKeyRotationErrors', {
      alarmName: `ltc-${stage}-signing-key-rotation-errors`,
      summary: 'The rotation of the application signing key failed.',
      runbook: 'signing-key-rotation.md',
      metric: metrics.lambda(rotation, 'Errors', 'Sum', FIVE_MINUTES),
      threshold: 1,
    });
  }
}
