import { RemovalPolicy, Stack, Tags, type Environment } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

import { TARGET_ACCOUNT_METADATA } from '../assembly-metadata.js';
import type { StageConfig } from '../config/schema.js';

export const PROJECT_TAG = 'lightning-talk-circle';

export interface StageStackProps {
  readonly config: StageConfig;
  /** Account and region; they come from the environment or CDK context, never the repository. */
  readonly env: Required<Environment>;
  /** What the stack holds, for the CloudFormation console. */
  readonly description: string;
}

/**
 * A stack of one stage, named `ltc-<stage>-<part>` so that two stages can share an account.
 * Every taggable resource in it carries `Project`, `Stage` and `Service` for cost allocation.
 */
export abstract class StageStack extends Stack {
  readonly config: StageConfig;
  /** The part of the system the stack holds, such as `data`. */
  readonly part: string;
  /** The AWS account this stage is meant for. */
  readonly targetAccount: string;

  protected constructor(scope: Construct, part: string, props: StageStackProps) {
    const name = stackNameFor(props.config.stage, part);
    super(scope, name, {
      stackName: name,
      // Templates name no account: CloudFormation fills in the account deployed to. The account
      // the stage belongs to travels in the cloud assembly's metadata, where the deploy tooling
      // checks it against the credentials before it deploys.
      env: { region: props.env.region },
      description: `Lightning Talk Circle (${props.config.stage}): ${props.description}`,
      terminationProtection: props.config.deletionProtection && isStateful(part),
    });
    this.config = props.config;
    this.part = part;
    this.targetAccount = props.env.account;
    this.node.addMetadata(TARGET_ACCOUNT_METADATA, props.env.account);

    Tags.of(this).add('Project', PROJECT_TAG);
    Tags.of(this).add('Stage', props.config.stage);
    Tags.of(this).add('Service', part);
  }

  /** What `cdk destroy` does to stateful resources of this stage. */
  get statefulRemovalPolicy(): RemovalPolicy {
    return this.config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }

  private deployTimeLogs: logs.LogGroup | undefined;

  /**
   * The log group of the functions aws-cdk-lib adds to run custom resources during a deploy
   * (site upload, reading parameters of another region), so their logs expire like the rest
   * instead of being kept forever in groups Lambda would create by itself.
   */
  get deployTimeLogGroup(): logs.LogGroup {
    this.deployTimeLogs ??= this.logGroup(
      'DeployTimeFunctionLogs',
      `/aws/lambda/${stackNameFor(this.config.stage, this.part)}-deploy-time`,
    );
    return this.deployTimeLogs;
  }

  /** A log group with the stage's retention, removed with the stack in stages that allow it. */
  protected logGroup(id: string, logGroupName: string): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      logGroupName,
      retention: retentionFor(this.config.logRetentionDays),
      removalPolicy: this.statefulRemovalPolicy,
    });
  }
}

const STATEFUL_PARTS = new Set(['data', 'auth', 'foundation']);

function isStateful(part: string): boolean {
  return STATEFUL_PARTS.has(part);
}

export function stackNameFor(stage: string, part: string): string {
  return `ltc-${stage}-${part}`;
}

/** The stage's retention as CloudWatch's type; the stage schema allows only CloudWatch's periods. */
export function retentionFor(days: number): logs.RetentionDays {
  const match = Object.values(logs.RetentionDays).find(
    (value): value is logs.RetentionDays => Number(value) === days,
  );
  if (match === undefined) {
    throw new Error(`CloudWatch Logs has no retention period of ${String(days)} days.`);
  }
  return match;
}
