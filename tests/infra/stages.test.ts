import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { TABLE_DECLARATION } from '@ltc/data/table';
import { ACTIVITIES } from '@ltc/domain';
import {
  architectureMarkdown,
  deployWaves,
  estimateFixedCost,
  graphAsMermaid,
  LOG_BUCKET_ID,
  SITE_BUCKET_ID,
  stackGraph,
  TABLE_ID,
  totalOf,
  USER_POOL_ID,
} from '@ltc/infra';
import { loadStageConfig, STAGE_NAMES } from '@ltc/infra/config';
import { App, CfnResource, Stack, TagManager, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';

import { synthesizeAllStages, type SynthesizedStages } from './synth.js';

/*
 * One synth of all three stages for the whole file (loading aws-cdk-lib and synthesizing is the
 * slow part). cdk-nag's AwsSolutions and Serverless packs run during that synth and make it
 * throw on any finding that is not acknowledged with a reason, so reaching the tests at all
 * proves the guardrails hold.
 */
let synth: SynthesizedStages;

beforeAll(() => {
  synth = synthesizeAllStages();
}, 120_000);

interface CfnResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

function templateFiles(): { name: string; text: string }[] {
  return readdirSync(synth.outdir)
    .filter((name) => name.endsWith('.template.json'))
    .map((name) => ({ name, text: readFileSync(path.join(synth.outdir, name), 'utf8') }));
}

describe('every template', () => {
  it('imports nothing through CloudFormation exports and exports nothing', () => {
    for (const { name, text } of templateFiles()) {
      expect(text, name).not.toContain('Fn::ImportValue');
      expect(text, name).not.toContain('"Export"');
    }
  });

  it('names no account id and holds no ARN written out', () => {
    for (const { name, text } of templateFiles()) {
      expect(text, name).not.toContain(synth.account);
      expect(text, name).not.toMatch(/\b\d{12}\b/);
      expect(text, name).not.toMatch(/"arn:aws[\w-]*:/);
    }
  });

  it('names an existing runbook in the description of every alarm', () => {
    const alarms = templateFiles().flatMap(({ name, text }) =>
      Object.values((JSON.parse(text) as { Resources: Record<string, CfnResourceJson> }).Resources)
        .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
        .map((resource) => ({ name, description: String(resource.Properties.AlarmDescription) })),
    );

    expect(alarms.length).toBeGreaterThan(30);
    for (const { name, description } of alarms) {
      const runbook = /Runbook: (docs\/runbooks\/[\w-]+\.md)$/.exec(description)?.[1];
      expect(runbook, `${name}: ${description}`).toBeDefined();
      expect(existsSync(runbook ?? ''), runbook).toBe(true);
    }
  });

  it('is written for all 27 stacks of the three stages', () => {
    expect(templateFiles()).toHaveLength(27);
  });
});

describe('docs/infrastructure.md', () => {
  it('shows the stack graph of dev as the app declares it now', () => {
    const doc = readFileSync('docs/infrastructure.md', 'utf8');
    const drawn = /```mermaid\n([\s\S]*?)\n```/.exec(doc)?.[1];

    expect(drawn).toBe(graphAsMermaid(stackGraph(Object.values(synth.stages.dev) as Stack[])));
  });
});

describe('docs/architecture.md', () => {
  it('is what npm run docs:architecture makes from the app now', () => {
    const committed = readFileSync('docs/architecture.md', 'utf8');

    expect(committed).toBe(
      architectureMarkdown(synth.stages.prod, (stack) => synth.template(stack).toJSON()),
    );
  });
});

describe('cdk-nag acknowledgements', () => {
  it('each carry a written reason and sit on a resource, never on a whole stack or the app', () => {
    const acknowledgements: { path: string; id: string; reason: string; onStack: boolean }[] = [];
    for (const stack of synth.stacks) {
      for (const construct of [stack, ...stack.node.findAll()]) {
        for (const entry of construct.node.metadata) {
          if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
            acknowledgements.push({
              path: construct.node.path,
              id,
              reason,
              onStack: construct instanceof Stack || construct instanceof App,
            });
          }
        }
      }
    }

    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const acknowledgement of acknowledgements) {
      expect(acknowledgement.reason.length, acknowledgement.id).toBeGreaterThan(40);
      expect(acknowledgement.onStack, acknowledgement.path).toBe(false);
    }
  });
});

describe.each(STAGE_NAMES)('the %s stage', (stage) => {
  const config = loadStageConfig(stage);
  const stacksOfStage = () => synth.stages[stage];
  const template = (part: keyof SynthesizedStages['stages']['dev']) =>
    synth.template(stacksOfStage()[part]);

  describe('stacks and their order', () => {
    it('names every stack after the stage and deploys in waves that respect each dependency', () => {
      const stacks = Object.values(stacksOfStage()) as Stack[];
      const waves = deployWaves(stackGraph(stacks));

      expect(stacks.map((stack) => stack.stackName).sort()).toEqual(
        [
          'api',
          'auth',
          'data',
          'edge',
          'edge-alarms',
          'foundation',
          'observability',
          'realtime',
          'web',
        ]
          .map((part) => `ltc-${stage}-${part}`)
          .sort(),
      );
      expect(waves).toEqual([
        [`ltc-${stage}-edge`, `ltc-${stage}-foundation`],
        [`ltc-${stage}-auth`, `ltc-${stage}-data`],
        [`ltc-${stage}-realtime`],
        [`ltc-${stage}-api`],
        [`ltc-${stage}-web`],
        [`ltc-${stage}-edge-alarms`, `ltc-${stage}-observability`],
      ]);
    });

    it('puts the edge stacks in us-east-1 and the rest in the stage region', () => {
      const { edge, edgeAlarms, ...rest } = stacksOfStage();

      expect(edge.region).toBe('us-east-1');
      expect(edgeAlarms.region).toBe('us-east-1');
      for (const stack of Object.values(rest) as Stack[]) {
        expect(stack.region).toBe('ap-northeast-1');
      }
    });

    it('hands values between stacks through SSM parameters under /ltc/<stage>/', () => {
      const names = (Object.values(stacksOfStage()) as Stack[]).flatMap((stack) =>
        Object.values(
          synth.template(stack).findResources('AWS::SSM::Parameter') as Record<
            string,
            { Properties: { Name: string } }
          >,
        ).map((resource) => resource.Properties.Name),
      );

      expect(names).toEqual(
        expect.arrayContaining([
          `/ltc/${stage}/edge/web-acl-arn`,
          `/ltc/${stage}/edge/certificate-arn`,
          `/ltc/${stage}/data/table-name`,
          `/ltc/${stage}/auth/user-pool-id`,
          `/ltc/${stage}/api/origin-domain`,
          `/ltc/${stage}/api/settings`,
        ]),
      );
      for (const name of names) {
        expect(name).toMatch(new RegExp(`^/ltc/${stage}/`));
      }
    });

    it('turns on termination protection for stateful stacks where the stage protects data', () => {
      const { data, auth, api } = stacksOfStage();

      expect(data.terminationProtection).toBe(config.deletionProtection);
      expect(auth.terminationProtection).toBe(config.deletionProtection);
      expect(api.terminationProtection).toBe(false);
    });
  });

  describe('tags', () => {
    it('tags every taggable resource with Project, Stage and Service', () => {
      const untagged: string[] = [];
      let taggable = 0;
      for (const stack of Object.values(stacksOfStage()) as Stack[]) {
        for (const construct of stack.node.findAll()) {
          if (!CfnResource.isCfnResource(construct) || !TagManager.isTaggable(construct)) continue;
          taggable += 1;
          const tags = construct.tags.tagValues();
          if (tags.Project !== 'lightning-talk-circle' || tags.Stage !== stage || !tags.Service) {
            untagged.push(construct.node.path);
          }
        }
      }

      expect(taggable).toBeGreaterThan(20);
      expect(untagged).toEqual([]);
    });
  });

  describe('data', () => {
    it('builds the table from the shared declaration with recovery, encryption and TTL', () => {
      template('data').hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `ltc-${stage}-main`,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_DECLARATION.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE_DECLARATION.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: TABLE_DECLARATION.globalSecondaryIndexes[0].indexName }),
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: {
          AttributeName: TABLE_DECLARATION.timeToLiveAttribute,
          Enabled: true,
        },
        DeletionProtectionEnabled: config.deletionProtection,
      });
    });

    it(`${config.removalPolicy === 'retain' ? 'retains' : 'deletes'} the table when its stack is deleted`, () => {
      const policy = config.removalPolicy === 'retain' ? 'Retain' : 'Delete';

      template('data').hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: policy,
        UpdateReplacePolicy: policy,
      });
    });
  });

  describe('sign-in', () => {
    it('requires TOTP MFA and a strong password, with no self sign-up', () => {
      template('auth').hasResourceProperties('AWS::Cognito::UserPool', {
        UserPoolName: `ltc-${stage}-organizers`,
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        DeletionProtection: config.deletionProtection ? 'ACTIVE' : 'INACTIVE',
      });
    });

    it(`${config.auth.threatProtection ? 'enforces' : 'leaves off'} threat protection as the stage config says`, () => {
      const pools = template('auth').findResources('AWS::Cognito::UserPool');
      const pool = Object.values(pools)[0] as { Properties: Record<string, unknown> };

      if (config.auth.threatProtection) {
        expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
        expect(pool.Properties.UserPoolTier).toBe('PLUS');
      } else {
        expect(pool.Properties.UserPoolAddOns).toBeUndefined();
      }
    });

    it('has the organizers and admins groups and a web client without a secret', () => {
      const auth = template('auth');

      auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'organizers' });
      auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admins' });
      auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        PreventUserExistenceErrors: 'ENABLED',
        AuthSessionValidity: 15,
      });
      const clients = auth.findResources('AWS::Cognito::UserPoolClient');
      const flows = Object.values(clients).map(
        (client) => (client as { Properties: { ExplicitAuthFlows: string[] } }).Properties,
      );
      expect(flows.map((properties) => [...properties.ExplicitAuthFlows].sort())).toEqual([
        ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
      ]);
    });
    it("lets the site's pages connect to the stage's WebSocket API and Cognito, and nothing else outside", () => {
      const region = (stacksOfStage().web as Stack).region;
      expect(region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
      const web = template('web');
      const policies = Object.values(web.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
      expect(policies).toHaveLength(1);
      const csp = (
        policies[0] as {
          Properties: {
            ResponseHeadersPolicyConfig: {
              SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
            };
          };
        }
      ).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy;
      // Values read from SSM at deploy time show as `<ssm:name>`.
      const parameters = web.toJSON().Parameters as Record<string, { Default?: string }>;
      const rendered = readableJoin(csp, (ref) => `<ssm:${parameters[ref]?.Default ?? ref}>`);
      const connectSrc = rendered
        .split('; ')
        .find((directive) => directive.startsWith('connect-src'));

      expect(connectSrc).toBe(
        `connect-src 'self' <ssm:/ltc/${stage}/realtime/url> https://cognito-idp.${region}.amazonaws.com`,
      );
    });
  });

  describe('firewalls and throttling', () => {
    const rateRule = Match.objectLike({
      Statement: {
        RateBasedStatement: { Limit: config.waf.rateLimitPer5Minutes, AggregateKeyType: 'IP' },
      },
      Action: { Block: {} },
    });

    it('puts a CloudFront web ACL in us-east-1 with managed rules and the stage rate limit', () => {
      template('edge').hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        Rules: Match.arrayWith([
          rateRule,
          Match.objectLike({
            Statement: {
              ManagedRuleGroupStatement: {
                VendorName: 'AWS',
                Name: 'AWSManagedRulesCommonRuleSet',
              },
            },
          }),
        ]),
      });
    });

    it('attaches the edge web ACL to the distribution', () => {
      template('web').hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          WebACLId: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
        }),
      });
    });

    it('puts a regional web ACL on the REST API stage', () => {
      const api = template('api');

      api.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'REGIONAL',
        Rules: Match.arrayWith([rateRule]),
      });
      api.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    });

    it('throttles the API stage and the write routes tighter, from the stage config', () => {
      const writeLimit = {
        ThrottlingRateLimit: config.api.writeThrottleRatePerSecond,
        ThrottlingBurstLimit: config.api.writeThrottleBurst,
      };

      template('api').hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'live',
        TracingEnabled: true,
        MethodSettings: Match.arrayWith([
          Match.objectLike({
            HttpMethod: '*',
            ResourcePath: '/*',
            ThrottlingRateLimit: config.api.throttleRatePerSecond,
            ThrottlingBurstLimit: config.api.throttleBurst,
            DataTraceEnabled: false,
          }),
          ...['POST', 'PUT', 'PATCH', 'DELETE'].map((method) =>
            Match.objectLike({
              HttpMethod: method,
              ResourcePath: '/~1api~1{proxy+}',
              ...writeLimit,
            }),
          ),
        ]),
      });
    });
  });

  describe('buckets and CloudFront', () => {
    it('blocks public access, enforces TLS and encrypts every bucket', () => {
      const web = template('web');
      const buckets = web.findResources('AWS::S3::Bucket');

      expect(Object.keys(buckets)).toHaveLength(2);
      for (const bucket of Object.values(buckets) as { Properties: Record<string, unknown> }[]) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption).toBeDefined();
      }
      const policies = Object.values(web.findResources('AWS::S3::BucketPolicy'));
      expect(policies).toHaveLength(2);
      for (const policy of policies) {
        expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
      }
    });

    it('reaches the site bucket through origin access control, over TLS 1.2 or newer', () => {
      const web = template('web');

      web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      web.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: [config.domainName],
          ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
          CacheBehaviors: [
            Match.objectLike({ PathPattern: '/assets/*' }),
            Match.objectLike({ PathPattern: '/api/*' }),
          ],
        }),
      });
    });
  });

  describe('functions', () => {
    it('runs every app function on arm64 and a current Node.js, traced, behind a live alias', () => {
      for (const part of ['api', 'realtime', 'foundation'] as const) {
        const stackTemplate = template(part);
        const functions = Object.values(
          stackTemplate.findResources('AWS::Lambda::Function', {
            Properties: { FunctionName: Match.stringLikeRegexp(`^ltc-${stage}-`) },
          }),
        ) as { Properties: Record<string, unknown> }[];

        expect(functions, part).toHaveLength(1);
        expect(functions[0]?.Properties).toMatchObject({
          Architectures: ['arm64'],
          Runtime: 'nodejs24.x',
          TracingConfig: { Mode: 'Active' },
        });
        stackTemplate.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live' });
      }
    });

    it(`${config.warm.api > 0 ? 'keeps' : 'keeps no'} API environments warm as the stage config says`, () => {
      const alias = Object.values(template('api').findResources('AWS::Lambda::Alias'))[0] as {
        Properties: Record<string, unknown>;
      };

      expect(alias.Properties.ProvisionedConcurrencyConfig).toEqual(
        config.warm.api > 0 ? { ProvisionedConcurrentExecutions: config.warm.api } : undefined,
      );
    });

    it(`${config.warm.eventEvening === undefined ? 'schedules no' : 'schedules'} extra warm environments for the event evening`, () => {
      const evening = config.warm.eventEvening;
      for (const part of ['api', 'realtime'] as const) {
        const targets = template(part).findResources('AWS::ApplicationAutoScaling::ScalableTarget');
        if (evening === undefined) {
          expect(Object.keys(targets), part).toEqual([]);
          continue;
        }
        const target = Object.values(targets)[0] as { Properties: Record<string, unknown> };
        expect(target.Properties).toMatchObject({
          ScalableDimension: 'lambda:function:ProvisionedConcurrency',
          MinCapacity: config.warm[part],
          MaxCapacity: evening[part],
          ScheduledActions: [
            {
              Schedule: `cron(0 ${String(evening.startHourUtc)} ? * ${evening.weekday} *)`,
              ScalableTargetAction: { MinCapacity: evening[part] },
            },
            {
              Schedule: `cron(0 ${String(evening.endHourUtc)} ? * ${evening.weekday} *)`,
              ScalableTargetAction: { MinCapacity: config.warm[part] },
            },
          ],
        });
      }
    });

    it(`${config.deploy.canary ? 'shifts' : 'does not shift'} new API and realtime code as a canary rolled back on errors`, () => {
      for (const part of ['api', 'realtime'] as const) {
        const groups = template(part).findResources('AWS::CodeDeploy::DeploymentGroup');
        if (!config.deploy.canary) {
          expect(Object.keys(groups), part).toEqual([]);
          continue;
        }
        template(part).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
          DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
          AlarmConfiguration: Match.objectLike({ Enabled: true }),
          AutoRollbackConfiguration: Match.objectLike({ Enabled: true }),
        });
        template(part).hasResource('AWS::Lambda::Alias', {
          UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.anyValue() },
        });
        // The alarm that stops the canary also mails the operators.
        template(part).hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `ltc-${stage}-${part}-errors`,
          AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('alarmtopicarn') })],
        });
      }
    });

    it('keeps every log group for the days the stage config says', () => {
      for (const stack of Object.values(stacksOfStage()) as Stack[]) {
        for (const logGroup of Object.values(
          synth.template(stack).findResources('AWS::Logs::LogGroup'),
        ) as { Properties: Record<string, unknown> }[]) {
          expect(logGroup.Properties.RetentionInDays, stack.stackName).toBe(
            config.logRetentionDays,
          );
        }
      }
    });

    it('sends the logs of every function to a log group of its own stack, so none is kept forever', () => {
      for (const stack of Object.values(stacksOfStage()) as Stack[]) {
        const resources = synth.template(stack).toJSON().Resources as Record<
          string,
          CfnResourceJson
        >;
        for (const [id, fn] of Object.entries(resources)) {
          if (fn.Type !== 'AWS::Lambda::Function') continue;
          // Limitation: aws-cdk-lib's provider that empties dev buckets on delete takes no log
          // group; it runs only when a dev stack is destroyed.
          if (id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProvider')) continue;
          const target = (
            fn.Properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined
          )?.LogGroup?.Ref;
          expect(target, `${stack.stackName}/${id}`).toBeDefined();
          expect(resources[target ?? '']?.Type).toBe('AWS::Logs::LogGroup');
        }
      }
    });

    it('gives the API function no secret in its environment, only where to read it', () => {
      const fn = Object.values(
        template('api').findResources('AWS::Lambda::Function', {
          Properties: { FunctionName: `ltc-${stage}-api` },
        }),
      )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
      const variables = fn.Properties.Environment.Variables;

      expect(variables.SIGNING_KEY_SECRET_ID).toBe(`ltc/${stage}/signing-key`);
      expect(variables.SETTINGS_PARAMETER).toBe(`/ltc/${stage}/api/settings`);
      expect(variables.SITE_URL).toBe(`https://${config.domainName}`);
      expect(JSON.stringify(variables)).not.toMatch(
        /secretsmanager|SecretString|resolve:secretsmanager/i,
      );
    });

    it('lets the API push live changes only to the realtime API of its own stage', () => {
      const fn = Object.values(
        template('api').findResources('AWS::Lambda::Function', {
          Properties: { FunctionName: `ltc-${stage}-api` },
        }),
      )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
      const callback = JSON.stringify(fn.Properties.Environment.Variables.REALTIME_CALLBACK_URL);
      const statements = Object.values(template('api').findResources('AWS::IAM::Policy')).flatMap(
        (policy) =>
          (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } })
            .Properties.PolicyDocument.Statement,
      );
      const manage = statements.filter(
        (statement) => statement.Action === 'execute-api:ManageConnections',
      );

      expect(callback).toContain(`SsmParameterValueltc${stage}realtimeapiid`);
      expect(callback).toContain('/live');
      expect(manage).toHaveLength(1);
      expect(JSON.stringify(manage[0]?.Resource)).toContain(
        `SsmParameterValueltc${stage}realtimeapiid`,
      );
      expect(JSON.stringify(manage[0]?.Resource)).toContain('/live/POST/@connections/*');
    });

    it('lets the API function touch its own table and index, not every table', () => {
      const policies = JSON.stringify(template('api').findResources('AWS::IAM::Policy'));

      expect(policies).toContain('/index/gsi1');
      expect(policies).not.toContain('/index/*');
      expect(policies).not.toMatch(/"dynamodb:\*"/);
    });
  });

  describe('monitoring and cost', () => {
    const alarmNames = (part: keyof SynthesizedStages['stages']['dev']): string[] =>
      Object.values(template(part).findResources('AWS::CloudWatch::Alarm')).map((alarm) =>
        String((alarm as CfnResourceJson).Properties.AlarmName),
      );

    it('shows every signal an operator watches on the stage dashboard', () => {
      const dashboards = Object.values(
        template('observability').findResources('AWS::CloudWatch::Dashboard'),
      ) as CfnResourceJson[];
      // The body is a Fn::Join of JSON text around the ids read from SSM; the text is enough.
      const body = (dashboards[0]?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })[
        'Fn::Join'
      ][1]
        .filter((part) => typeof part === 'string')
        .join('');

      expect(dashboards).toHaveLength(1);
      expect(dashboards[0]?.Properties.DashboardName).toBe(`ltc-${stage}`);
      for (const signal of [
        '"Count"',
        '"4XXError"',
        '"5XXError"',
        '"p99"',
        '"ConcurrentExecutions"',
        '"Throttles"',
        'MetricName=\\"ColdStart\\"',
        '"ConsumedReadCapacityUnits"',
        '"WriteThrottleEvents"',
        'SuccessfulRequestLatency',
        '"ConnectCount"',
        '"MessageCount"',
        '"CacheHitRate"',
        '"5xxErrorRate"',
        '"BlockedRequests"',
        '"AllowedRequests"',
        ...ACTIVITIES.map((activity) => `"${activity}"`),
      ]) {
        expect(body, signal).toContain(signal);
      }
    });

    it('alarms on the signals that matter and notifies the stage topic', () => {
      const main = [
        'api-5xx-rate',
        'api-p99-latency',
        'api-function-errors',
        'api-function-throttles',
        'realtime-function-errors',
        'realtime-function-throttles',
        'table-throttles',
        'table-system-errors',
        'websocket-errors',
        'api-waf-blocks',
        'signing-key-rotation-errors',
      ];

      expect(alarmNames('observability').sort()).toEqual(
        main.map((name) => `ltc-${stage}-${name}`).sort(),
      );
      expect(alarmNames('edgeAlarms').sort()).toEqual([
        `ltc-${stage}-cloudfront-5xx-rate`,
        `ltc-${stage}-cloudfront-waf-blocks`,
      ]);
      for (const part of ['observability', 'edgeAlarms'] as const) {
        for (const alarm of Object.values(
          template(part).findResources('AWS::CloudWatch::Alarm'),
        ) as CfnResourceJson[]) {
          expect(alarm.Properties.AlarmActions, String(alarm.Properties.AlarmName)).toHaveLength(1);
          expect(alarm.Properties.OKActions).toHaveLength(1);
          expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
        }
      }
      template('edgeAlarms').hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `ltc-${stage}-edge-alarms`,
      });
      template('edgeAlarms').hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: config.alarmEmail,
      });
    });

    it('alarms on the p99 latency and web ACL blocks the stage config names', () => {
      template('observability').hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `ltc-${stage}-api-p99-latency`,
        ExtendedStatistic: 'p99',
        Threshold: config.alarms.apiP99LatencyMs,
      });
      template('edgeAlarms').hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `ltc-${stage}-cloudfront-waf-blocks`,
        Threshold: config.alarms.wafBlockedPer5Minutes,
      });
    });

    it('reports actual spend at 50, 80 and 100 % of the budget and the forecast at 100 %', () => {
      const foundation = template('foundation');

      foundation.hasResourceProperties('AWS::Budgets::Budget', {
        Budget: {
          BudgetName: `ltc-${stage}-monthly`,
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: config.budget.monthlyUsd, Unit: 'USD' },
          CostFilters: { TagKeyValue: [`user:Stage$${stage}`] },
        },
        NotificationsWithSubscribers: [50, 80, 100]
          .map((threshold) => ({ type: 'ACTUAL', threshold }))
          .concat([{ type: 'FORECASTED', threshold: 100 }])
          .map(({ type, threshold }) => ({
            Notification: Match.objectLike({ NotificationType: type, Threshold: threshold }),
            Subscribers: [Match.objectLike({ SubscriptionType: 'SNS' })],
          })),
      });
      foundation.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' } }),
          ]),
        }),
      });
    });

    it('keeps fingerprinted files a year, revalidates pages and caches the API only briefly', () => {
      const web = template('web');
      const policy = (name: string) =>
        (
          Object.values(
            web.findResources('AWS::CloudFront::CachePolicy', {
              Properties: { CachePolicyConfig: { Name: `ltc-${stage}-${name}` } },
            }),
          )[0] as CfnResourceJson
        ).Properties.CachePolicyConfig as Record<string, unknown>;
      const year = 365 * 24 * 3600;
      const compressed = {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
      };

      expect(policy('assets')).toMatchObject({ MinTTL: year, DefaultTTL: year, MaxTTL: year });
      expect(policy('pages')).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
      expect(policy('api')).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 60,
        ParametersInCacheKeyAndForwardedToOrigin: {
          ...compressed,
          HeadersConfig: {
            HeaderBehavior: 'whitelist',
            Headers: ['Authorization', 'x-manage-token'],
          },
          CookiesConfig: { CookieBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
        },
      });
      for (const name of ['assets', 'pages']) {
        expect(policy(name)).toMatchObject({
          ParametersInCacheKeyAndForwardedToOrigin: {
            ...compressed,
            HeadersConfig: { HeaderBehavior: 'none' },
            CookiesConfig: { CookieBehavior: 'none' },
            QueryStringsConfig: { QueryStringBehavior: 'none' },
          },
        });
      }
      web.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['content-type', 'x-request-id'] },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      });
      web.resourceCountIs('AWS::CloudFront::MonitoringSubscription', 1);
    });

    it('estimates the fixed monthly cost from what the templates hold', () => {
      const stacks = Object.values(stacksOfStage()) as Stack[];
      const lines = estimateFixedCost(
        stacks.map((stack) => ({
          stackName: stack.stackName,
          template: synth.template(stack).toJSON(),
        })),
      );
      const quantity = (item: string) =>
        lines.filter((line) => line.item.startsWith(item)).reduce((sum, l) => sum + l.quantity, 0);

      expect(quantity('WAF web ACL')).toBe(2);
      expect(quantity('WAF rules')).toBe(8);
      expect(quantity('CloudWatch dashboard')).toBe(1);
      expect(quantity('Secrets Manager secret')).toBe(1);
      expect(quantity('warm environments')).toBe(config.warm.api + config.warm.realtime);
      expect(quantity('extra warm environments')).toBe(
        config.warm.eventEvening === undefined
          ? 0
          : config.warm.eventEvening.api -
              config.warm.api +
              config.warm.eventEvening.realtime -
              config.warm.realtime,
      );
      expect(totalOf(lines)).toBeCloseTo(
        lines.reduce((sum, line) => sum + line.monthlyUsd, 0),
        2,
      );
    });

    it('uploads fingerprinted files as immutable and pages as always revalidated', () => {
      const uploads = Object.values(
        template('web').findResources('Custom::CDKBucketDeployment'),
      ) as CfnResourceJson[];
      const controls = uploads.map((upload) => upload.Properties.SystemMetadata);

      // `npm test` builds the web app before the tests, so both uploads are in the template.
      expect(uploads).toHaveLength(2);
      expect(controls).toEqual(
        expect.arrayContaining([
          { 'cache-control': 'public, max-age=31536000, immutable' },
          { 'cache-control': 'no-cache' },
        ]),
      );
    });
  });

  describe('secrets', () => {
    it('generates the signing key in Secrets Manager and rotates it on the stage schedule', () => {
      const foundation = template('foundation');

      foundation.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `ltc/${stage}/signing-key`,
        GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
        SecretString: Match.absent(),
      });
      foundation.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: {
          ScheduleExpression: `rate(${String(config.secrets.signingKeyRotationDays)} days)`,
        },
      });
    });
  });

  describe('stateful resources', () => {
    it('keeps the logical ids of tables, user pools, buckets and secrets', () => {
      const logicalIds = (stack: Stack, type: string) =>
        Object.keys(synth.template(stack).findResources(type)).sort();
      const { data, auth, web, foundation } = stacksOfStage();

      // If one of these changes, CloudFormation would replace the resource and lose its data.
      expect(logicalIds(data, 'AWS::DynamoDB::Table')).toEqual(['MainTable74195DAB']);
      expect(logicalIds(auth, 'AWS::Cognito::UserPool')).toEqual(['OrganizerPool67A7CF52']);
      expect(logicalIds(web, 'AWS::S3::Bucket')).toEqual([
        'LogBucketCC3B17E8',
        'SiteBucket397A1860',
      ]);
      expect(logicalIds(foundation, 'AWS::SecretsManager::Secret')).toEqual(['SigningKeyEEFC2790']);
      expect([TABLE_ID, USER_POOL_ID, SITE_BUCKET_ID, LOG_BUCKET_ID]).toEqual([
        'MainTable',
        'OrganizerPool',
        'SiteBucket',
        'LogBucket',
      ]);
    });
  });
});

/** A CloudFormation string, plain or `Fn::Join` of strings and `Ref`s, with each `Ref` named. */
function readableJoin(value: unknown, nameOf: (ref: string) => string): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) throw new Error(`not a string or Fn::Join: ${JSON.stringify(value)}`);
  const [separator, parts] = join;
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref === undefined) throw new Error(`unexpected part: ${JSON.stringify(part)}`);
      return nameOf(ref);
    })
    .join(separator);
}
