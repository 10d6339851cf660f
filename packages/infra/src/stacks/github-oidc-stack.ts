import { ArnFormat, Aws, Duration, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

import type { StageName } from '../config/schema.js';
import { EDGE_REGION } from './edge-stack.js';
import { PROJECT_TAG } from './stage-stack.js';

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The audience configure-aws-credentials asks GitHub to put in its tokens. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The name of the stack that holds the deploy roles; it lives outside every stage. */
export const GITHUB_OIDC_STACK_NAME = 'ltc-github-oidc-roles';

/** The qualifier of the CDK bootstrap stack the stages are deployed with (the CDK default). */
export const CDK_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The SSM parameters of a stage that the deploy tool and the deploy workflow read. */
export const DEPLOY_READ_PARAMETERS = ['api/url', 'web/url', 'realtime/url'] as const;

/** One stage that GitHub Actions deploys, and who may deploy it. */
export interface DeployRoleTarget {
  readonly stage: StageName;
  /** The GitHub environment whose jobs may take the stage's role, such as `production`. */
  readonly environment: string;
  /** The region of the stage's stacks; its edge stack is always in us-east-1. */
  readonly region: string;
}

export interface GitHubOidcStackProps extends StackProps {
  /** The repository whose workflows may take the roles, `<owner>/<name>`. */
  readonly repository: string;
  /** One deploy role is made for each. */
  readonly targets: readonly DeployRoleTarget[];
  /**
   * Use the account's GitHub OIDC provider that already exists (an account holds at most one
   * per issuer) instead of creating it.
   * @default false: the stack creates the provider
   */
  readonly existingProvider?: boolean;
}

/**
 * GitHub Actions' way into an AWS account, with no long-lived key: the GitHub OIDC provider and
 * one deploy role per stage (`ltc-<stage>-github-deploy`). A role trusts only tokens of this
 * repository's jobs that run in the stage's GitHub environment, and may do only what the deploy
 * tool does with its own credentials: take the CDK bootstrap roles that deploy and publish
 * assets, read the stage's stacks, and read the stage URLs from SSM. Everything else happens
 * through the bootstrap roles. Deployed once per account, by hand (docs/ci-cd.md).
 */
export class GitHubOidcStack extends Stack {
  /** The deploy role of each stage. */
  readonly roles: ReadonlyMap<StageName, iam.Role>;

  constructor(scope: Construct, props: GitHubOidcStackProps) {
    super(scope, GITHUB_OIDC_STACK_NAME, {
      ...props,
      stackName: GITHUB_OIDC_STACK_NAME,
      description: 'Lightning Talk Circle: GitHub Actions OIDC provider and the deploy roles',
    });
    Tags.of(this).add('Project', PROJECT_TAG);
    Tags.of(this).add('Service', 'ci');

    const providerArn =
      props.existingProvider === true
        ? this.formatArn({
            service: 'iam',
            region: '',
            account: Aws.ACCOUNT_ID,
            resource: 'oidc-provider',
            resourceName: GITHUB_OIDC_HOST,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          })
        : new iam.OidcProviderNative(this, 'GitHubProvider', {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIds: [GITHUB_OIDC_AUDIENCE],
          }).oidcProviderArn;

    const roles = new Map<StageName, iam.Role>();
    for (const target of props.targets) {
      roles.set(target.stage, this.deployRole(providerArn, props.repository, target));
    }
    this.roles = roles;
  }

  private deployRole(providerArn: string, repository: string, target: DeployRoleTarget): iam.Role {
    const { stage, region } = target;
    const regions = [...new Set([region, EDGE_REGION])];
    const role = new iam.Role(this, `${pascal(stage)}DeployRole`, {
      roleName: `ltc-${stage}-github-deploy`,
      description: `GitHub Actions deploys of ${stage} from ${repository}, environment ${target.environment}`,
      assumedBy: new iam.WebIdentityPrincipal(providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: `repo:${repository}:environment:${target.environment}`,
        },
      }),
      // Role chaining into the bootstrap roles caps those sessions at one hour anyway.
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(role).add('Stage', stage);

    const policy = new iam.Policy(this, `${pascal(stage)}DeployPolicy`, {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeCdkBootstrapRoles',
          actions: ['sts:AssumeRole'],
          resources: regions.flatMap((each) =>
            ['deploy', 'file-publishing'].map(
              (kind) =>
                `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${CDK_BOOTSTRAP_QUALIFIER}-${kind}-role-${Aws.ACCOUNT_ID}-${each}`,
            ),
          ),
        }),
        new iam.PolicyStatement({
          sid: 'ReadStageStacks',
          actions: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate'],
          resources: regions.map((each) =>
            this.formatArn({
              service: 'cloudformation',
              region: each,
              account: Aws.ACCOUNT_ID,
              resource: 'stack',
              resourceName: `ltc-${stage}-*/*`,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ),
        }),
        new iam.PolicyStatement({
          sid: 'ReadStageUrls',
          actions: ['ssm:GetParameter'],
          resources: DEPLOY_READ_PARAMETERS.map((name) =>
            this.formatArn({
              service: 'ssm',
              region,
              account: Aws.ACCOUNT_ID,
              resource: 'parameter',
              resourceName: `ltc/${stage}/${name}`,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ),
        }),
      ],
    });
    for (const each of regions) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:${each}:<AWS::AccountId>:stack/ltc-${stage}-*/*]`,
        reason:
          'Reading the stage’s own stacks (ltc-<stage>-*): a stack ARN ends in an id CloudFormation generates at creation, so the stack id part is a wildcard.',
      });
    }
    return role;
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
