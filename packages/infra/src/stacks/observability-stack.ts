import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

import { StageStack, type StageStackProps } from './stage-stack.js';

/**
 * The stage's CloudWatch dashboard. It finds the API and the functions by their stage names,
 * so it needs no values from the other stacks and can be deployed last, on its own.
 *
 * Limitation: it shows the REST API and the Lambda functions only; alarms, runbooks and the
 * WebSocket, CloudFront, WAF and business metrics are not there yet.
 */
export class ObservabilityStack extends StageStack {
  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'observability', { ...props, description: 'dashboard' });
    const { stage } = this.config;

    const apiMetric = (metricName: string, statistic: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiName: `ltc-${stage}-api` },
        statistic,
        period: Duration.minutes(1),
      });
    const lambdaMetric = (functionName: string, metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: { FunctionName: functionName },
        statistic: 'Sum',
        period: Duration.minutes(1),
      });
    const functions = [`ltc-${stage}-api`, `ltc-${stage}-realtime`];

    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `ltc-${stage}`,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'API requests and errors',
            left: [
              apiMetric('Count', 'Sum'),
              apiMetric('4XXError', 'Sum'),
              apiMetric('5XXError', 'Sum'),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'API latency',
            left: ['p50', 'p90', 'p99'].map((percentile) => apiMetric('Latency', percentile)),
          }),
        ],
        functions.map(
          (functionName) =>
            new cloudwatch.GraphWidget({
              title: `${functionName}: errors and throttles`,
              left: [lambdaMetric(functionName, 'Errors'), lambdaMetric(functionName, 'Throttles')],
            }),
        ),
      ],
    });
  }
}
