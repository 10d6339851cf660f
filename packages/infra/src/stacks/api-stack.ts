import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

import { ServiceFunction, warmEnvironmentsOf } from '../constructs/service-function.js';
import { stageAlarmTopic } from './foundation-stack.js';
import { parameterName, publishParameter, readParameter } from '../constructs/stage-parameters.js';
import { WebAcl } from '../constructs/web-acl.js';
import { AUTH_PARAMETERS } from './auth-stack.js';
import { grantTableAccess, stageTable } from './data-stack.js';
import { REALTIME_PARAMETERS, REALTIME_STAGE_NAME } from './realtime-stack.js';
import { FOUNDATION_PARAMETERS, signingKeySecretName } from './foundation-stack.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

export const API_PARAMETERS = {
  originDomain: 'api/origin-domain',
  url: 'api/url',
} as const;

/** The REST API's stage name; CloudFront forwards `/api/*` to `/<this>/api/*`. */
export const REST_STAGE_NAME = 'live';

/** HTTP methods that change data; they get the tighter throttling of the stage config. */
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

/**
 * The public API: a REST API (for WAF, X-Ray, throttling) in front of the API Lambda's `live`
 * alias. Every route under `/api/` goes to the one function, which routes and validates.
 */
export class ApiStack extends StageStack {
  readonly api: apigateway.RestApi;
  readonly function: ServiceFunction;

  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'api', { ...props, description: 'REST API and its Lambda' });
    const { stage, api: limits } = this.config;

    const table = stageTable(this, stage);
    const userPoolId = readParameter(this, stage, AUTH_PARAMETERS.userPoolId);
    const signingKey = secretsmanager.Secret.fromSecretNameV2(
      this,
      'SigningKey',
      signingKeySecretName(stage),
    );
    const realtimeApiId = readParameter(this, stage, REALTIME_PARAMETERS.apiId);
    const settings = ssm.StringParameter.fromStringParameterName(
      this,
      'Settings',
      parameterName(stage, FOUNDATION_PARAMETERS.apiSettings),
    );

    this.function = new ServiceFunction(this, 'ApiFunction', {
      functionName: `ltc-${stage}-api`,
      description: 'Lightning Talk Circle API',
      entry: 'packages/api/src/adapters/lambda.ts',
      logGroup: this.logGroup('ApiFunctionLogs', `/aws/lambda/ltc-${stage}-api`),
      canary: this.config.deploy.canary,
      alarmTopic: this.config.deploy.canary ? stageAlarmTopic(this, stage) : undefined,
      warm: warmEnvironmentsOf(this.config, 'api'),
      environment: {
        TABLE_NAME: table.tableName,
        AUTH_ISSUER: `https://cognito-idp.${this.region}.amazonaws.com/${userPoolId}`,
        AUTH_CLIENT_ID: readParameter(this, stage, AUTH_PARAMETERS.webClientId),
        SIGNING_KEY_SECRET_ID: signingKeySecretName(stage),
        SETTINGS_PARAMETER: settings.parameterName,
        SITE_URL: `https://${this.config.domainName}`,
        REALTIME_CALLBACK_URL: `https://${realtimeApiId}.execute-api.${this.region}.${this.urlSuffix}/${REALTIME_STAGE_NAME}`,
        POWERTOOLS_SERVICE_NAME: 'ltc-api',
        LTC_STAGE: stage,
      },
    });
    grantTableAccess(table, this.function.alias);
    signingKey.grantRead(this.function.alias);
    settings.grantRead(this.function.alias);
    // The organizer's live controls push each change to the audience's WebSocket connections.
    this.function.alias.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:ManageConnections'],
        resources: [
          this.formatArn({
            service: 'execute-api',
            resource: realtimeApiId,
            resourceName: `${REALTIME_STAGE_NAME}/POST/@connections/*`,
          }),
        ],
      }),
    );
    Validations.of(this.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${this.region}:<AWS::AccountId>:<${parameterLogicalId(this, realtimeApiId)}>/${REALTIME_STAGE_NAME}/POST/@connections/*]`,
      reason:
        'Posting to the live audience (execute-api:ManageConnections) is granted on the realtime API’s own @connections path of its one stage; connection ids are made at run time, so the path ends in a wildcard.',
    });

    const accessLogs = this.logGroup('AccessLogs', `/aws/apigateway/ltc-${stage}-api-access`);
    const methodThrottle = (rate: number, burst: number): apigateway.MethodDeploymentOptions => ({
      throttlingRateLimit: rate,
      throttlingBurstLimit: burst,
    });
    const methodOptions: Record<string, apigateway.MethodDeploymentOptions> = {};
    for (const method of WRITE_METHODS) {
      methodOptions[`/api/{proxy+}/${method}`] = methodThrottle(
        limits.writeThrottleRatePerSecond,
        limits.writeThrottleBurst,
      );
    }

    this.api = new apigateway.RestApi(this, 'RestApi', {
      restApiName: `ltc-${stage}-api`,
      description: `Lightning Talk Circle API (${stage})`,
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: this.statefulRemovalPolicy,
      deployOptions: {
        stageName: REST_STAGE_NAME,
        tracingEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        // Request and response bodies hold personal data; they never go to the logs.
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: limits.throttleRatePerSecond,
        throttlingBurstLimit: limits.throttleBurst,
        methodOptions,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: accessLogFormat(),
      },
    });
    const integration = new apigateway.LambdaIntegration(this.function.alias, {
      allowTestInvoke: false,
    });
    const routes = this.api.root.addResource('api').addResource('{proxy+}');
    for (const method of [...READ_METHODS, ...WRITE_METHODS]) {
      routes.addMethod(method, integration);
    }

    const webAcl = new WebAcl(this, 'WebAcl', {
      scope: 'REGIONAL',
      name: `ltc-${stage}-api`,
      rateLimitPer5Minutes: this.config.waf.rateLimitPer5Minutes,
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: webAcl.acl.attrArn,
    });

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'The API Lambda validates every body, query and header with zod and answers application/problem+json naming the field; a second validator in API Gateway would drift from it.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Reading events and registering are public by design; organizer routes verify the Cognito token (signature, issuer, client, group) inside the API, the same code that runs locally.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Organizer routes verify Cognito tokens inside the API; public routes take no account by design.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-wide logging role needs exactly this AWS-managed policy to write execution and access logs.",
    });

    publishParameter(
      this,
      stage,
      API_PARAMETERS.originDomain,
      `${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`,
      'Host name of the REST API, the origin CloudFront forwards /api/* to',
    );
    publishParameter(
      this,
      stage,
      API_PARAMETERS.url,
      this.api.url,
      'Invoke URL of the REST API stage',
    );
  }
}

/** JSON access log lines with what an operator needs and no caller IP or identity. */
function accessLogFormat(): apigateway.AccessLogFormat {
  const field = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: field.contextRequestId(),
      time: field.contextRequestTimeEpoch(),
      method: field.contextHttpMethod(),
      path: field.contextPath(),
      status: field.contextStatus(),
      latencyMs: field.contextResponseLatency(),
      integrationLatencyMs: field.contextIntegrationLatency(),
      responseBytes: field.contextResponseLength(),
      wafStatus: field.contextWafResponseCode(),
      xrayTraceId: field.contextXrayTraceId(),
    }),
  );
}

/** The logical id of the template parameter behind an SSM value read at deploy time. */
function parameterLogicalId(stack: StageStack, value: string): string {
  const resolved: unknown = stack.resolve(value);
  if (typeof resolved === 'object' && resolved !== null && 'Ref' in resolved) {
    return String(resolved.Ref);
  }
  throw new Error('expected a value read from an SSM parameter');
}
