import { Duration, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

import { ServiceFunction } from '../constructs/service-function.js';
import { parameterName, publishParameter } from '../constructs/stage-parameters.js';
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

/**
 * What every other stack leans on: the alarm topic, the application signing key with its
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

    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `ltc-${stage}-alarms`,
      displayName: `Lightning Talk Circle ${stage} alarms`,
      enforceSSL: true,
    });
    const mail = new subscriptions.EmailSubscription(this.config.alarmEmail);
    alarmTopic.addSubscription(mail);
    Validations.of(alarmTopic).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The only subscription is the operators’ e-mail; SNS retries e-mail delivery itself, and a dead-letter queue of alarm mails would have no reader.',
    });
    Validations.of(alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and alarm notifications carry metric names only, no personal data.',
    });

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
      alarmTopic.topicArn,
      'ARN of the topic alarms notify',
    );
  }
}
