import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** Where the runbooks live, from the repository root; every alarm names one file in it. */
export const RUNBOOK_DIR = 'docs/runbooks';

export interface RunbookAlarmProps {
  /** The alarm's name, which carries the stage, such as `ltc-dev-api-5xx-rate`. */
  readonly alarmName: string;
  /** What went wrong, in one sentence, for the notification mail. */
  readonly summary: string;
  /** The runbook's file name in {@link RUNBOOK_DIR}, such as `api-5xx-rate.md`. */
  readonly runbook: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** Where the alarm and its return to OK are sent. */
  readonly topic: sns.ITopic;
}

/**
 * A CloudWatch alarm that tells its reader where to start: its description names the runbook,
 * and it notifies the stage's alarm topic when it goes off and when it clears. No data counts
 * as fine, because a quiet night sends no requests.
 */
export function runbookAlarm(
  scope: Construct,
  id: string,
  props: RunbookAlarmProps,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: `${props.summary} Runbook: ${RUNBOOK_DIR}/${props.runbook}`,
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    comparisonOperator:
      props.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const action = new actions.SnsAction(props.topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}
