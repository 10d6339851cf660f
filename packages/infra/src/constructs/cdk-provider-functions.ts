import { Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What cdk-nag says about the Lambda functions aws-cdk-lib itself adds to run custom resources
 * (reading parameters of another region, uploading the site to `siteBucket`, emptying
 * buckets), and why it
 * stands: their code, runtime, memory and policies belong to aws-cdk-lib, CloudFormation calls
 * them only during a deploy, and they touch only the resources of this stack.
 *
 * aws-cdk-lib places these singletons directly under the stack; the app's own functions live
 * inside constructs, so they are never matched here.
 */
export function acknowledgeCdkProviderFunctions(stack: Stack, siteBucket?: s3.Bucket): void {
  const uploadTargets: Record<string, string> = {};
  if (siteBucket !== undefined) {
    const bucketId = stack.getLogicalId(siteBucket.node.defaultChild as s3.CfnBucket);
    uploadTargets[`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`] = uploadReason();
    uploadTargets[
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`
    ] = uploadReason();
  }
  const reasons: Record<string, string> = {
    ...uploadTargets,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      'The role aws-cdk-lib gives its custom-resource function; only writes that function’s logs.',
    'AwsSolutions-IAM5[Action::s3:Abort*]': uploadReason(),
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': uploadReason(),
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': uploadReason(),
    'AwsSolutions-IAM5[Action::s3:GetObject*]': uploadReason(),
    'AwsSolutions-IAM5[Action::s3:List*]': uploadReason(),
    'AwsSolutions-IAM5[Resource::*]':
      'CloudFront invalidations (cloudfront:CreateInvalidation, GetInvalidation) have no narrower resource in the policy aws-cdk-lib writes for the site upload.',
    'AwsSolutions-L1':
      'The runtime of aws-cdk-lib’s own custom-resource function is chosen by aws-cdk-lib and moves with its releases.',
    'Serverless-LambdaLatestVersion':
      'The runtime of aws-cdk-lib’s own custom-resource function is chosen by aws-cdk-lib and moves with its releases.',
    'Serverless-LambdaDLQ':
      'CloudFormation calls custom-resource functions synchronously and fails the deploy on error; there is nothing to park.',
    'Serverless-LambdaTracing':
      'Runs only during deploys; its failures show in the CloudFormation events, traces would add nothing.',
    'Serverless-LambdaDefaultMemorySize': 'aws-cdk-lib sizes its own custom-resource function.',
  };

  for (const child of stack.node.children) {
    if (!(child instanceof lambda.Function)) {
      continue;
    }
    for (const [id, reason] of Object.entries(reasons)) {
      Validations.of(child).acknowledge({ id, reason });
    }
  }
}

function uploadReason(): string {
  return 'The site upload of aws-cdk-lib (BucketDeployment) replaces the whole site: it must list, read, write and delete objects, but only in this stack’s site bucket and the CDK asset bucket.';
}
