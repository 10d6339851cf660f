import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildGitHubOidcApp, GitHubOidcStack, GITHUB_OIDC_STACK_NAME } from '@ltc/infra';
import {
  resolveGitHubOidcSettings,
  type GitHubOidcSettings,
  type StageName,
} from '@ltc/infra/config';
import { App, Validations } from 'aws-cdk-lib';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';

import { randomAccount } from './synth.js';

/*
 * The GitHub OIDC stack: one synth with cdk-nag's packs on (synth throws on an unacknowledged
 * finding), then assertions on the trust of each deploy role and on what it may do.
 */
const REPOSITORY = 'example-org/lightning-talk-circle';
const account = randomAccount();
let template: Template;
let templateText: string;
let stack: GitHubOidcStack;

beforeAll(() => {
  const settings = resolveGitHubOidcSettings({
    context: () => undefined,
    env: { LTC_GITHUB_REPOSITORY: REPOSITORY, CDK_DEFAULT_ACCOUNT: account },
  });
  const outdir = mkdtempSync(path.join(tmpdir(), 'ltc-github-oidc-'));
  const built = buildGitHubOidcApp(settings, {
    outdir,
    env: { account, region: 'ap-northeast-1' },
  });
  built.app.synth();
  stack = built.stack;
  template = Template.fromStack(stack);
  templateText = readFileSync(path.join(outdir, `${GITHUB_OIDC_STACK_NAME}.template.json`), 'utf8');
}, 60_000);

function roleOf(stage: string): Record<string, unknown> {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: { RoleName: `ltc-${stage}-github-deploy` },
  });
  const [role] = Object.values(roles) as Record<string, unknown>[];
  return role ?? {};
}

function statementsOf(stage: StageName): { Sid: string; Action: unknown; Resource: unknown }[] {
  const role = stack.roles.get(stage)?.node.defaultChild as CfnRole;
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(role) }] },
    }),
  ) as { Properties: { PolicyDocument: { Statement: [] } } }[];
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('the GitHub OIDC stack', () => {
  it('creates GitHub’s OIDC provider for the STS audience', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it.each([
    ['dev', 'dev'],
    ['staging', 'staging'],
    ['prod', 'production'],
  ])(
    'lets only this repository’s jobs in the %s stage’s GitHub environment (%s) take its deploy role',
    (stage, environment) => {
      const role = roleOf(stage) as {
        Properties: {
          AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] };
          MaxSessionDuration: number;
        };
      };
      const [trust, ...others] = role.Properties.AssumeRolePolicyDocument.Statement;

      expect(others).toEqual([]);
      expect(trust).toMatchObject({
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: expect.stringMatching(/^GitHubProvider/) as unknown } },
      });
      expect(trust?.Condition).toEqual({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:${REPOSITORY}:environment:${environment}`,
        },
      });
      expect(role.Properties.MaxSessionDuration).toBe(3600);
    },
  );

  it('lets a deploy role take only the CDK deploy and asset roles, read its stage’s stacks and read its stage’s URLs', () => {
    const statements = statementsOf('staging');
    const text = JSON.stringify(statements);

    expect(statements.map((statement) => [statement.Sid, statement.Action])).toEqual([
      ['AssumeCdkBootstrapRoles', 'sts:AssumeRole'],
      ['ReadStageStacks', ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate']],
      ['ReadStageUrls', 'ssm:GetParameter'],
    ]);
    expect(text).toContain(':role/cdk-hnb659fds-deploy-role-');
    expect(text).toContain(':role/cdk-hnb659fds-file-publishing-role-');
    expect(text).not.toContain('lookup-role');
    expect(text).toContain('stack/ltc-staging-*/*');
    for (const name of ['api/url', 'web/url', 'realtime/url']) {
      expect(text).toContain(`parameter/ltc/staging/${name}`);
    }
    expect(text).not.toMatch(/ltc\/(dev|prod)\//);
    expect(text).not.toMatch(/"Action":"\*"|"\*"/);
  });

  it('names no account id and writes no ARN out', () => {
    expect(templateText).not.toContain(account);
    expect(templateText).not.toMatch(/\b\d{12}\b/);
    expect(templateText).not.toMatch(/"arn:aws[\w-]*:/);
  });

  it('acknowledges cdk-nag findings only on a deploy policy, each with its reason', () => {
    const acknowledged = [stack, ...stack.node.findAll()].flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
            path: construct.node.path,
            id,
            reason,
          })),
        ),
    );

    expect(acknowledged.length).toBe(6);
    for (const { path: where, id, reason } of acknowledged) {
      expect(where).toMatch(/DeployPolicy$/);
      expect(id).toMatch(/AwsSolutions-IAM5\[Resource::.*:stack\/ltc-[a-z]+-\*\/\*\]$/);
      expect(reason.length).toBeGreaterThan(40);
    }
  });

  it('uses the account’s existing GitHub provider when told to, without creating another', () => {
    const settings: GitHubOidcSettings = {
      repository: REPOSITORY,
      targets: [{ stage: 'dev', environment: 'dev', region: 'ap-northeast-1' }],
      existingProvider: true,
    };

    const existing = Template.fromStack(new GitHubOidcStack(new App(), settings));

    existing.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(JSON.stringify(existing.toJSON())).toContain(
      ':oidc-provider/token.actions.githubusercontent.com',
    );
  });
});

describe('the GitHub OIDC stack’s settings', () => {
  const resolve = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
    resolveGitHubOidcSettings({ context: (key) => context[key], env });

  it('stop with one line naming the missing repository and where to set it', () => {
    expect(() => resolve({})).toThrow(
      /^No GitHub repository for the deploy roles: set LTC_GITHUB_REPOSITORY=<owner>\/<name>, or pass -c ltc:github:repository=<owner>\/<name>\.$/,
    );
  });

  it('refuse a repository that is not owner/name, quoting it', () => {
    expect(() => resolve({ 'ltc:github:repository': 'https://github.com/a/b' })).toThrow(
      'must read <owner>/<name>, such as my-org/lightning-talk-circle (got "https://github.com/a/b"',
    );
  });

  it('take the stages from the context and each region from -c ltc:<stage>:region, never from the CLI’s default region', () => {
    const settings = resolve(
      { stage: 'staging,prod', 'ltc:github:repository': 'o/n', 'ltc:prod:region': 'eu-west-1' },
      { LTC_GITHUB_REPOSITORY: 'other/repo', CDK_DEFAULT_REGION: 'us-east-1' },
    );

    expect(settings.repository).toBe('o/n');
    expect(settings.targets).toEqual([
      { stage: 'staging', environment: 'staging', region: 'ap-northeast-1' },
      { stage: 'prod', environment: 'production', region: 'eu-west-1' },
    ]);
    expect(settings.existingProvider).toBe(false);
  });
});
