import { Duration, Stack } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import path from 'node:path';

import { EVENT_EVENING_METADATA } from '../assembly-metadata.js';
import type { StageConfig } from '../config/schema.js';
import { RUNBOOK_DIR } from '../monitoring/runbook-alarm.js';
import { REPO_ROOT, repoFile } from '../paths.js';

/** The Node.js runtime of every function of the app. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface ServiceFunctionProps {
  /** The function's name, which carries the stage, e.g. `ltc-dev-api`. */
  readonly functionName: string;
  readonly description: string;
  /** The handler's TypeScript module, by its path from the repository root. */
  readonly entry: string;
  /** @default "handler" */
  readonly handler?: string;
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  readonly logGroup: logs.ILogGroup;
  /** Warm (provisioned) environments on the alias. @default No provisioned concurrency */
  readonly warm?: WarmEnvironments;
  /**
   * Shift traffic to a new version as a canary (10 % for five minutes) through CodeDeploy,
   * which moves the alias back by itself when the function's error alarm goes off.
   * @default false: the alias moves at once
   */
  readonly canary?: boolean;
  /** Where the canary's error alarm is reported, besides CodeDeploy; used with `canary`. @default Nowhere */
  readonly alarmTopic?: sns.ITopic;
}

/** A weekly window in which a function keeps more warm environments. */
export interface EveningScaling {
  /** Warm environments during the window. */
  readonly environments: number;
  /** The day, as cron writes it, such as `FRI`. */
  readonly weekday: string;
  readonly startHourUtc: number;
  readonly endHourUtc: number;
}

export interface WarmEnvironments {
  /** Environments kept initialised at all times. */
  readonly always: number;
  /** More for the weekly event evening, by scheduled scaling. @default No scheduled scaling */
  readonly eventEvening?: EveningScaling;
}

/**
 * A Lambda function of the app: TypeScript bundled by the local esbuild (no Docker) into
 * minified ESM with the AWS SDK clients it uses, on arm64, with X-Ray tracing and a `live`
 * alias that callers invoke, so a new version goes live by moving the alias.
 */
export class ServiceFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly alias: lambda.Alias;
  /** The alarm that stops a canary deploy; present when the function deploys as a canary. */
  readonly errorAlarm: cloudwatch.Alarm | undefined;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    // An own role instead of the AWS-managed basic execution policy: it may write to its own
    // log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.functionName}`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // A log group's ARN attribute already ends in `:*`, which covers its streams.
        resources: [props.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      role,
      functionName: props.functionName,
      description: props.description,
      entry: repoFile(props.entry),
      handler: props.handler ?? 'handler',
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: props.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        // No source map: its paths depend on the output folder, which would give the same code
        // a different asset hash in every synth, and so a change in every deploy plan.
        sourceMap: false,
        mainFields: ['module', 'main'],
        // The SDK is bundled, so the function runs the version the lockfile pins.
        externalModules: [],
        // Some dependencies still call require(); ESM bundles need it defined.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) and secretsmanager:GetRandomPassword have no resource-level permissions; every other statement of this role names its resources.',
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously (API Gateway, Secrets Manager): a failure goes back to the caller, which retries or reports it, so there is no event to park in a dead-letter queue.',
    });
    const always = props.warm?.always ?? 0;
    this.alias = new lambda.Alias(this, 'Alias', {
      aliasName: 'live',
      version: this.function.currentVersion,
      provisionedConcurrentExecutions: always === 0 ? undefined : always,
    });
    if (props.warm?.eventEvening !== undefined) {
      this.scheduleEveningScaling(always, props.warm.eventEvening);
    }

    this.errorAlarm = undefined;
    if (props.canary === true) {
      this.errorAlarm = new cloudwatch.Alarm(this, 'ErrorAlarm', {
        alarmName: `${props.functionName}-errors`,
        alarmDescription: `Errors of the live version of ${props.functionName}; a canary deploy rolls back when it goes off. Runbook: ${RUNBOOK_DIR}/canary-rollback.md`,
        metric: this.alias.metricErrors({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmTopic !== undefined) {
        this.errorAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
      }
      const group = new codedeploy.LambdaDeploymentGroup(this, 'Deployment', {
        alias: this.alias,
        deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
        alarms: [this.errorAlarm],
        autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
      });
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
        reason:
          'CodeDeploy shifts Lambda alias traffic with exactly this AWS-managed service policy, limited to Lambda functions.',
      });
    }
  }

  /**
   * Raises the alias's provisioned concurrency for the event evening and lowers it after, with
   * Application Auto Scaling. Lambda refuses a change of provisioned concurrency while a canary
   * splits the alias between two versions, so the deploy tool keeps prod deploys out of this
   * window (the window is recorded in the cloud assembly for it); deploys themselves never
   * change the amount, which stays at the baseline the alias declares.
   */
  private scheduleEveningScaling(always: number, evening: EveningScaling): void {
    // The deploy tool reads this from the cloud assembly and keeps deploys out of the window.
    Stack.of(this).node.addMetadata(EVENT_EVENING_METADATA, {
      weekday: evening.weekday,
      startHourUtc: evening.startHourUtc,
      endHourUtc: evening.endHourUtc,
    });
    const scaling = this.alias.addAutoScaling({
      minCapacity: always,
      maxCapacity: evening.environments,
    });
    const at = (hour: number): appscaling.Schedule =>
      appscaling.Schedule.cron({ minute: '0', hour: String(hour), weekDay: evening.weekday });
    scaling.scaleOnSchedule('EventEveningStarts', {
      schedule: at(evening.startHourUtc),
      minCapacity: evening.environments,
    });
    scaling.scaleOnSchedule('EventEveningEnds', {
      schedule: at(evening.endHourUtc),
      minCapacity: always,
    });
  }
}

/** The warm environments a stage's settings ask for, for its API or realtime function. */
export function warmEnvironmentsOf(
  config: StageConfig,
  part: 'api' | 'realtime',
): WarmEnvironments {
  const evening = config.warm.eventEvening;
  return {
    always: config.warm[part],
    eventEvening:
      evening === undefined
        ? undefined
        : {
            environments: evening[part],
            weekday: evening.weekday,
            startHourUtc: evening.startHourUtc,
            endHourUtc: evening.endHourUtc,
          },
  };
}
