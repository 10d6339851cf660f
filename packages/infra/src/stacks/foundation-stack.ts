import { Aws, Duration } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

import type { StageName } from '../config/schema.js';

import { alarmTopic } from '../constructs/alarm-topic.js';
import { ServiceFunction } from '../constructs/service-function.js';
import { parameterName, publishParameter, readParameter } from '../constructs/stage-parameters.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

export const FOUNDATION_PARAMETERS = {
  alarmTopicArn: 'foundation/alarm-topic-arn',
  /** The API's runtime settings, a JSON document the API reads with a short cache. */
  apiSettings: 'api/settings',
} as const;

/** The API's runtime settings when a stage is first deployed; operators change them in SSM. */
export const DEFAULT_API_SETTINGS = { readOnly: false } as const;

/** The name of the stage's application signing key in Secrets Manager. */
export function signingKeySecretName(stage: string): string {
  return `ltc/${stage}/signing-key`;
}

/** Percentages of the monthly budget at which actual spend is reported. */
export const BUDGET_ACTUAL_ALERTS = [50, 80, 100] as const;
/** Percentages of the monthly budget at which the month's forecast is reported. */
export const BUDGET_FORECAST_ALERTS = [100] as const;

/**
 * What every other stack leans on: the alarm topic, the stage's monthly budget, the application signing key with its
 * automatic rotation, and the API's runtime settings in SSM.
 */
export class FoundationStack extends StageStack {
  readonly signingKey: secretsmanager.Secret;

  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'foundation', {
      ...props,
      description: 'alarm topic, application secrets, runtime settings',
    });
    const { stage } = this.config;

    const topic = alarmTopic(this, 'AlarmTopic', {
      topicName: `ltc-${stage}-alarms`,
      displayName: `Lightning Talk Circle ${stage} alarms`,
      email: this.config.alarmEmail,
    });
    this.addBudget(topic);

    this.signingKey = new secretsmanager.Secret(this, 'SigningKey', {
      secretName: signingKeySecretName(stage),
      description: 'Signs values the API hands out and takes back (pagination cursors).',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: this.statefulRemovalPolicy,
    });
    const rotation = new ServiceFunction(this, 'SigningKeyRotation', {
      functionName: `ltc-${stage}-rotate-signing-key`,
      description: 'Rotates the application signing key',
      entry: 'packages/infra/src/functions/rotate-signing-key.ts',
      logGroup: this.logGroup(
        'SigningKeyRotationLogs',
        `/aws/lambda/ltc-${stage}-rotate-signing-key`,
      ),
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    this.signingKey.addRotationSchedule('Rotation', {
      rotationLambda: rotation.alias,
      automaticallyAfter: Duration.days(this.config.secrets.signingKeyRotationDays),
    });

    new ssm.StringParameter(this, 'ApiSettings', {
      parameterName: parameterName(stage, FOUNDATION_PARAMETERS.apiSettings),
      stringValue: JSON.stringify(DEFAULT_API_SETTINGS),
      description: 'Runtime settings of the API (JSON); read with a one-minute cache',
    });
    publishParameter(
      this,
      stage,
      FOUNDATION_PARAMETERS.alarmTopicArn,
      topic.topicArn,
      'ARN of the topic alarms notify',
    );
  }

  /**
   * A monthly cost budget for the resources tagged with this stage, reported to the alarm
   * topic. AWS Budgets sees the `Stage` tag only once it is activated as a cost-allocation tag
   * in the billing console (docs/infrastructure.md, first deploy).
   */
  private addBudget(alarmTopic: sns.Topic): void {
    const { stage, budget } = this.config;
    alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'BudgetAlerts',
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    const subscribers = [{ subscriptionType: 'SNS', address: alarmTopic.topicArn }];
    const alert = (
      notificationType: 'ACTUAL' | 'FORECASTED',
      threshold: number,
    ): budgets.CfnBudget.NotificationWithSubscribersProperty => ({
      notification: {
        notificationType,
        comparisonOperator: 'GREATER_THAN',
        threshold,
        thresholdType: 'PERCENTAGE',
      },
      subscribers,
    });
    new budgets.CfnBudget(this, 'MonthlyBudget', {
      budget: {
        budgetName: `ltc-${stage}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: budget.monthlyUsd, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:Stage$${stage}`] },
      },
      notificationsWithSubscribers: [
        ...BUDGET_ACTUAL_ALERTS.map((percent) => alert('ACTUAL', percent)),
        ...BUDGET_FORECAST_ALERTS.map((percent) => alert('FORECASTED', percent)),
      ],
    });
  }
}

/** The stage's alarm topic in another stack of the main region, found through SSM. */
export function stageAlarmTopic(scope: Construct, stage: StageName): sns.ITopic {
  return sns.Topic.fromTopicArn(
    scope,
    'AlarmTopic',
    readParameter(scope, stage, FOUNDATION_PARAMETERS.alarmTopicArn),
  );
}
