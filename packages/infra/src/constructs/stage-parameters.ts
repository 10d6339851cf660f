import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

import type { StageName } from '../config/schema.js';

/**
 * Values that cross stacks go through SSM parameters under `/ltc/<stage>/…` rather than
 * CloudFormation exports: an export cannot change while another stack imports it, which
 * deadlocks deploys; a parameter can, and its reader picks the new value up on its next deploy.
 */
export function parameterName(stage: StageName, name: string): string {
  return `/ltc/${stage}/${name}`;
}

/** Publishes a value for other stacks of the same stage and region. */
export function publishParameter(
  scope: Construct,
  stage: StageName,
  name: string,
  value: string,
  description: string,
): ssm.StringParameter {
  const id = `Parameter-${name.replaceAll('/', '-')}`;
  return new ssm.StringParameter(scope, id, {
    parameterName: parameterName(stage, name),
    stringValue: value,
    description,
  });
}

/**
 * Reads a parameter of the same region at deploy time (a CloudFormation parameter of type
 * `AWS::SSM::Parameter::Value<String>`), so the template holds only the parameter's name.
 */
export function readParameter(scope: Construct, stage: StageName, name: string): string {
  return ssm.StringParameter.valueForStringParameter(scope, parameterName(stage, name));
}

export interface CrossRegionParametersProps {
  readonly stage: StageName;
  /** The region the parameters live in, such as `us-east-1` for CloudFront's certificate. */
  readonly region: string;
  /** Names under `/ltc/<stage>/`. */
  readonly names: readonly string[];
  /**
   * A value that changes whenever the parameters are expected to change, so the reader runs
   * again on the next deploy (CloudFormation re-reads only when a property changes).
   */
  readonly refreshWhen: string;
  /** Where the reading function logs. @default A log group Lambda creates, kept forever */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Reads SSM parameters of another region at deploy time, with one narrow `ssm:GetParameter`
 * permission per parameter. CloudFormation's own parameter type only reads its own region.
 */
export class CrossRegionParameters extends Construct {
  private readonly readers = new Map<string, cr.AwsCustomResource>();

  constructor(scope: Construct, id: string, props: CrossRegionParametersProps) {
    super(scope, id);

    const stack = Stack.of(this);
    for (const name of props.names) {
      const fullName = parameterName(props.stage, name);
      const parameterArn = stack.formatArn({
        service: 'ssm',
        region: props.region,
        resource: 'parameter',
        resourceName: fullName.slice(1),
      });
      const call: cr.AwsSdkCall = {
        service: 'SSM',
        action: 'GetParameter',
        parameters: { Name: fullName },
        region: props.region,
        // A new physical id makes CloudFormation run the read again.
        physicalResourceId: cr.PhysicalResourceId.of(`${fullName}@${props.refreshWhen}`),
        outputPaths: ['Parameter.Value'],
      };
      const reader = new cr.AwsCustomResource(this, `Read-${name.replaceAll('/', '-')}`, {
        onCreate: call,
        onUpdate: call,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn] }),
        ]),
        installLatestAwsSdk: false,
        memorySize: 256,
        logGroup: props.logGroup,
      });
      this.readers.set(name, reader);
    }
  }

  /** The value of one of the parameters named in the props. */
  value(name: string): string {
    const reader = this.readers.get(name);
    if (reader === undefined) {
      throw new Error(`CrossRegionParameters was not asked to read "${name}".`);
    }
    return reader.getResponseField('Parameter.Value');
  }
}
