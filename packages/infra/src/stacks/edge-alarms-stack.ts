import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { tableNameFor } from '@ltc/data/table';
import type { Construct } from 'constructs';

import { acknowledgeCdkProviderFunctions } from '../constructs/cdk-provider-functions.js';
import { alarmTopic } from '../constructs/alarm-topic.js';
import { CrossRegionParameters } from '../constructs/stage-parameters.js';
import { runbookAlarm } from '../monitoring/runbook-alarm.js';
import { StageMetrics } from '../monitoring/stage-metrics.js';
import { StageStack, type StageStackProps } from './stage-stack.js';
import { WEB_PARAMETERS } from './web-stack.js';

const FIVE_MINUTES = Duration.minutes(5);

/** The share of CloudFront responses, in percent, that may be 5xx before the alarm goes off. */
export const CLOUDFRONT_5XX_RATE_PERCENT = 5;

export interface EdgeAlarmsStackProps extends Omit<StageStackProps, 'description'> {
  /** The stage's main region, where the web stack publishes the distribution's id. */
  readonly mainRegion: string;
}

/**
 * Alarms on what CloudFront and its web ACL report, which CloudWatch keeps in us-east-1: an
 * alarm can only watch metrics of its own region, and notify a topic of its own region, so this
 * stack lives there with a topic that mails the same operators.
 */
export class EdgeAlarmsStack extends StageStack {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, props: EdgeAlarmsStackProps) {
    super(scope, 'edge-alarms', { ...props, description: 'CloudFront and edge web ACL alarms' });
    const { stage, alarms: limits } = this.config;

    const web = new CrossRegionParameters(this, 'WebParameters', {
      stage,
      region: props.mainRegion,
      names: [WEB_PARAMETERS.distributionId],
      refreshWhen: this.config.domainName,
      logGroup: this.deployTimeLogGroup,
    });
    const metrics = new StageMetrics({
      stage,
      region: props.mainRegion,
      tableName: tableNameFor(stage),
      distributionId: web.value(WEB_PARAMETERS.distributionId),
    });
    const topic = alarmTopic(this, 'AlarmTopic', {
      topicName: `ltc-${stage}-edge-alarms`,
      displayName: `Lightning Talk Circle ${stage} edge alarms`,
      email: this.config.alarmEmail,
    });

    this.alarms.push(
      runbookAlarm(this, 'CloudFront5xxRate', {
        alarmName: `ltc-${stage}-cloudfront-5xx-rate`,
        summary: `More than ${String(CLOUDFRONT_5XX_RATE_PERCENT)} % of CloudFront's responses were server errors for 15 minutes.`,
        runbook: 'cloudfront-5xx.md',
        metric: metrics.cloudFront('5xxErrorRate', 'Average', FIVE_MINUTES),
        threshold: CLOUDFRONT_5XX_RATE_PERCENT,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        topic,
      }),
      runbookAlarm(this, 'CloudFrontWafBlocks', {
        alarmName: `ltc-${stage}-cloudfront-waf-blocks`,
        summary: `CloudFront's web ACL blocked more than ${String(limits.wafBlockedPer5Minutes)} requests in five minutes.`,
        runbook: 'waf-blocks.md',
        metric: metrics.waf('cloudfront', 'BlockedRequests', FIVE_MINUTES),
        threshold: limits.wafBlockedPer5Minutes,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        topic,
      }),
    );

    acknowledgeCdkProviderFunctions(this);
  }
}
