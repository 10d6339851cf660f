import { Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/**
 * An SNS topic that mails the stage's operators. CloudWatch alarms can only notify a topic of
 * their own region, so each region with alarms has one.
 */
export function alarmTopic(
  scope: Construct,
  id: string,
  props: { readonly topicName: string; readonly displayName: string; readonly email: string },
): sns.Topic {
  const topic = new sns.Topic(scope, id, {
    topicName: props.topicName,
    displayName: props.displayName,
    enforceSSL: true,
  });
  topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  Validations.of(topic).acknowledge({
    id: 'Serverless-SNSRedrivePolicy',
    reason:
      'The only subscription is the operators’ e-mail; SNS retries e-mail delivery itself, and a dead-letter queue of alarm mails would have no reader.',
  });
  Validations.of(topic).acknowledge({
    id: 'AwsSolutions-SNS2',
    reason:
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and alarm notifications carry metric names only, no personal data.',
  });
  return topic;
}
