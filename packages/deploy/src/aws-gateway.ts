import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  NonInteractiveIoHost,
  StackSelectionStrategy,
  Toolkit,
  type ICloudAssemblySource,
} from '@aws-cdk/toolkit-lib';

import type { Assembly, AssemblyStack, Template } from './assembly.js';
import { DeployError } from './errors.js';
import type { CloudFormationGateway, DeployedStack } from './gateway.js';

/**
 * The gateway to the real AWS: deploys, rollbacks and deletions go through the CDK toolkit
 * library (which publishes assets and follows the stack events); reading a stack's status and
 * template goes through the AWS SDK. Credentials come from the usual AWS chain (profile,
 * environment, or CI's OIDC role).
 */
export class AwsGateway implements CloudFormationGateway {
  private readonly toolkit = new Toolkit({
    ioHost: new NonInteractiveIoHost({ logLevel: 'error' }),
    color: false,
    emojis: false,
  });
  private source: Promise<ICloudAssemblySource> | undefined;
  private readonly clients = new Map<string, CloudFormationClient>();

  constructor(private readonly assembly: Assembly) {}

  async account(): Promise<string> {
    try {
      const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      if (identity.Account === undefined) throw new Error('STS named no account');
      return identity.Account;
    } catch (error) {
      throw new DeployError(
        `No usable AWS credentials (${error instanceof Error ? error.name : 'unknown'}): sign in with an AWS profile or set AWS_PROFILE, then run the command again.`,
        2,
      );
    }
  }

  async describe(stack: AssemblyStack): Promise<DeployedStack | undefined> {
    const client = this.client(stack.region);
    try {
      const described = await client.send(new DescribeStacksCommand({ StackName: stack.name }));
      const status = described.Stacks?.[0]?.StackStatus;
      if (status === undefined || status === 'REVIEW_IN_PROGRESS') return undefined;
      const body = await client.send(
        new GetTemplateCommand({ StackName: stack.name, TemplateStage: 'Original' }),
      );
      return { status, template: JSON.parse(body.TemplateBody ?? '{}') as Template };
    } catch (error) {
      if (error instanceof Error && error.message.includes('does not exist')) return undefined;
      throw error;
    }
  }

  async deploy(stack: AssemblyStack, options: { rollbackOnFailure: boolean }): Promise<void> {
    await this.toolkit.deploy(await this.cloudAssembly(), {
      stacks: only(stack),
      rollback: options.rollbackOnFailure,
      concurrency: 1,
    });
  }

  async rollback(stack: AssemblyStack): Promise<void> {
    await this.toolkit.rollback(await this.cloudAssembly(), { stacks: only(stack) });
  }

  async destroy(stack: AssemblyStack): Promise<void> {
    await this.toolkit.destroy(await this.cloudAssembly(), { stacks: only(stack) });
  }

  private cloudAssembly(): Promise<ICloudAssemblySource> {
    this.source ??= this.toolkit.fromAssemblyDirectory(this.assembly.directory);
    return this.source;
  }

  private client(region: string): CloudFormationClient {
    let client = this.clients.get(region);
    if (client === undefined) {
      client = new CloudFormationClient({ region });
      this.clients.set(region, client);
    }
    return client;
  }
}

function only(stack: AssemblyStack) {
  return { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE, patterns: [stack.name] };
}
