import { existsSync } from 'node:fs';
import path from 'node:path';

import { CloudAssembly } from '@aws-cdk/cloud-assembly-api';
import { EVENT_EVENING_METADATA, TARGET_ACCOUNT_METADATA } from '@ltc/infra/assembly-metadata';

import { DeployError } from './errors.js';
import { eventEveningSchema, type EventEvening } from './event-evening.js';

/** A CloudFormation template, as JSON. */
export type Template = Record<string, unknown>;

export { TARGET_ACCOUNT_METADATA } from '@ltc/infra/assembly-metadata';

/** One stack of a synthesized stage, as the deploy tool needs it. */
export interface AssemblyStack {
  /** `ltc-<stage>-<part>` */
  readonly name: string;
  readonly stage: string;
  /** The part of the system, such as `data`. */
  readonly part: string;
  readonly region: string;
  /** The account the CDK app was told this stage belongs to. */
  readonly targetAccount: string | undefined;
  /** Names of the stacks this one waits for. */
  readonly dependsOn: readonly string[];
  /** The weekly window in which this stack's function is scaled up, if it has one. */
  readonly eventEvening?: EventEvening;
  readonly template: Template;
}

/** A synthesized cloud assembly on disk, read once. */
export interface Assembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
}

/** `ltc-<stage>-<part>`; a part may have words joined by hyphens, such as `edge-alarms`. */
const STACK_NAME = /^ltc-([a-z]+)-([a-z]+(?:-[a-z]+)*)$/;

/** Reads the cloud assembly in `directory` (what `npm run synth` writes to `cdk.out/`). */
export function readAssembly(directory: string): Assembly {
  if (directory === '' || !existsSync(path.join(directory, 'manifest.json'))) {
    throw new DeployError(
      `${JSON.stringify(directory)} holds no cloud assembly (no manifest.json); run npm run synth or name another folder.`,
    );
  }
  let artifacts: CloudAssembly['stacksRecursively'];
  let templates: Template[];
  try {
    artifacts = new CloudAssembly(directory).stacksRecursively;
    templates = artifacts.map((artifact) => artifact.template as Template);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new DeployError(`${directory} holds no readable cloud assembly: ${reason}`);
  }
  const stacks = artifacts.map((artifact, index): AssemblyStack => {
    const match = STACK_NAME.exec(artifact.stackName);
    if (match === null) {
      throw new DeployError(
        `${directory} holds stack ${artifact.stackName}, which is not a Lightning Talk Circle stack.`,
      );
    }
    const account = artifact.findMetadataByType(TARGET_ACCOUNT_METADATA)[0]?.data;
    const evening = eventEveningSchema.safeParse(
      artifact.findMetadataByType(EVENT_EVENING_METADATA)[0]?.data,
    );
    return {
      name: artifact.stackName,
      stage: match[1] ?? '',
      part: match[2] ?? '',
      region: artifact.environment.region,
      targetAccount: typeof account === 'string' ? account : undefined,
      dependsOn: artifact.dependencies
        .map((dependency) => dependency.id)
        .filter((id) => STACK_NAME.test(id))
        .sort(),
      template: templates[index] ?? {},
      eventEvening: evening.success ? evening.data : undefined,
    };
  });
  return { directory, stacks };
}

/** The stacks of one stage; fails with the stages the assembly does hold. */
export function stageStacks(assembly: Assembly, stage: string): AssemblyStack[] {
  const stacks = assembly.stacks.filter((stack) => stack.stage === stage);
  if (stacks.length === 0) {
    const held = [...new Set(assembly.stacks.map((stack) => stack.stage))].join(', ') || 'none';
    throw new DeployError(
      `The assembly in ${assembly.directory} holds no stack of stage ${stage} (it holds: ${held}).`,
    );
  }
  return stacks;
}
