import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';

import { ServiceFunction, warmEnvironmentsOf } from '../constructs/service-function.js';
import { stageAlarmTopic } from './foundation-stack.js';
import { publishParameter } from '../constructs/stage-parameters.js';
import { grantTableAccess, stageTable } from './data-stack.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

export const REALTIME_PARAMETERS = {
  url: 'realtime/url',
  /** The WebSocket API's id, by which CloudWatch knows its metrics. */
  apiId: 'realtime/api-id',
} as const;

/** The WebSocket API's stage name, part of its URL and of its management endpoint. */
export const REALTIME_STAGE_NAME = 'live';

/**
 * Live updates for the audience of an event night: an API Gateway WebSocket API whose
 * connect, disconnect and message routes go to the realtime Lambda's `live` alias.
 */
export class RealtimeStack extends StageStack {
  readonly function: ServiceFunction;

  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'realtime', { ...props, description: 'WebSocket API and its Lambda' });
    const { stage, api: limits } = this.config;

    const table = stageTable(this, stage);
    this.function = new ServiceFunction(this, 'RealtimeFunction', {
      functionName: `ltc-${stage}-realtime`,
      description: 'Lightning Talk Circle live updates (WebSocket)',
      entry: 'packages/realtime/src/adapters/lambda.ts',
      logGroup: this.logGroup('RealtimeFunctionLogs', `/aws/lambda/ltc-${stage}-realtime`),
      memorySize: 256,
      canary: this.config.deploy.canary,
      alarmTopic: this.config.deploy.canary ? stageAlarmTopic(this, stage) : undefined,
      warm: warmEnvironmentsOf(this.config, 'realtime'),
      environment: {
        TABLE_NAME: table.tableName,
        POWERTOOLS_SERVICE_NAME: 'ltc-realtime',
        LTC_STAGE: stage,
      },
    });
    grantTableAccess(table, this.function.alias);

    const integration = (id: string): integrations.WebSocketLambdaIntegration =>
      new integrations.WebSocketLambdaIntegration(id, this.function.alias);
    const api = new apigwv2.WebSocketApi(this, 'WebSocketApi', {
      apiName: `ltc-${stage}-realtime`,
      description: `Lightning Talk Circle live updates (${stage})`,
      connectRouteOptions: { integration: integration('Connect') },
      disconnectRouteOptions: { integration: integration('Disconnect') },
      defaultRouteOptions: { integration: integration('Message'), returnResponse: true },
    });
    api.grantManageConnections(this.function.alias);
    const apiId = this.getLogicalId(api.node.defaultChild as apigwv2.CfnApi);
    Validations.of(this.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${this.region}:<AWS::AccountId>:<${apiId}>/*/*/@connections/*]`,
      reason:
        'Posting to connections (execute-api:ManageConnections) is granted on this API’s own @connections path; connection ids are made at run time, so the path ends in a wildcard.',
    });

    const accessLogs = this.logGroup('AccessLogs', `/aws/apigateway/ltc-${stage}-realtime-access`);
    const field = apigateway.AccessLogField;
    const webSocketStage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: api,
      stageName: REALTIME_STAGE_NAME,
      autoDeploy: true,
      throttle: { rateLimit: limits.throttleRatePerSecond, burstLimit: limits.throttleBurst },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: field.contextRequestId(),
            time: field.contextRequestTimeEpoch(),
            routeKey: '$context.routeKey',
            eventType: '$context.eventType',
            status: field.contextStatus(),
            connectionId: '$context.connectionId',
            integrationLatencyMs: field.contextIntegrationLatency(),
          }),
        ),
      },
    });

    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The audience of an event follows it without an account; the connection only receives public event data, and votes are checked by the realtime Lambda.',
    });

    publishParameter(
      this,
      stage,
      REALTIME_PARAMETERS.apiId,
      api.apiId,
      'Id of the WebSocket API, for its metrics',
    );
    publishParameter(
      this,
      stage,
      REALTIME_PARAMETERS.url,
      webSocketStage.url,
      'wss:// URL of the live updates',
    );
  }
}
