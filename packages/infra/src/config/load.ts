import { Aws } from 'aws-cdk-lib';
import type { z } from 'zod';

import { dev } from '../../config/dev.js';
import { prod } from '../../config/prod.js';
import { staging } from '../../config/staging.js';
import type { StageTarget } from '../app.js';
import { STAGE_NAMES, stageConfigSchema, type StageConfig, type StageName } from './schema.js';

/** A configuration problem, told in one line that names the value and where to set it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const STAGE_FILES: Record<StageName, unknown> = { dev, staging, prod };

/** Where a stage's settings are written, for error messages. */
export function stageFile(stage: string): string {
  return `packages/infra/config/${stage}.ts`;
}

/** The region stacks go to when neither the environment nor the context names one. */
export const DEFAULT_REGION = 'ap-northeast-1';

export function isStageName(name: string): name is StageName {
  return (STAGE_NAMES as readonly string[]).includes(name);
}

/** Checks a stage's settings; `source` names the file they came from. */
export function parseStageConfig(raw: unknown, source: string): StageConfig {
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${source}: ${describeIssues(result.error, raw)}`);
  }
  return result.data;
}

/** The validated settings of a stage, by name. */
export function loadStageConfig(
  name: string,
  choice = '-c stage=<name>',
  files: Record<StageName, unknown> = STAGE_FILES,
): StageConfig {
  if (!isStageName(name)) {
    throw new ConfigError(
      `Unknown stage ${quote(name)}: expected one of ${STAGE_NAMES.join(', ')} (choose with ${choice}).`,
    );
  }
  const config = parseStageConfig(files[name], stageFile(name));
  if (config.stage !== name) {
    throw new ConfigError(
      `${stageFile(name)}: stage: must be "${name}", the file's own stage (got ${quote(config.stage)})`,
    );
  }
  return config;
}

export interface TargetSources {
  /** A CDK context value, such as `app.node.tryGetContext`. */
  readonly context: (key: string) => unknown;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Accept a missing account and leave it to CloudFormation (for commands that only print the
   * stack graph). @default false
   */
  readonly accountOptional?: boolean;
  /** How the user chooses stages, for error messages. @default "-c stage=<name>" */
  readonly stageChoice?: string;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The stages to synthesize and where each goes. Stages: `-c stage=<name>`, or all. Account and
 * region: `-c ltc:<stage>:account=…` / `-c ltc:<stage>:region=…`, else `CDK_DEFAULT_ACCOUNT` /
 * `CDK_DEFAULT_REGION`, which the CDK CLI sets from the AWS profile.
 */
export function resolveTargets(sources: TargetSources): StageTarget[] {
  const chosen = contextText(sources, 'stage');
  const names =
    chosen === undefined ? [...STAGE_NAMES] : chosen.split(',').map((name) => name.trim());
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) {
    throw new ConfigError(`The stage ${quote(twice)} is named twice in ${quote(chosen)}.`);
  }
  return names.map((name) => {
    const config = loadStageConfig(name, sources.stageChoice);
    return { config, ...resolveEnvironment(config.stage, sources) };
  });
}

function resolveEnvironment(
  stage: StageName,
  sources: TargetSources,
): { account: string; region: string } {
  const fromContext = (key: string): string | undefined =>
    contextText(sources, `ltc:${stage}:${key}`);

  const account = fromContext('account') ?? nonEmpty(sources.env.CDK_DEFAULT_ACCOUNT);
  const region =
    fromContext('region') ?? nonEmpty(sources.env.CDK_DEFAULT_REGION) ?? DEFAULT_REGION;
  if (account === undefined) {
    if (sources.accountOptional === true) {
      return { account: Aws.ACCOUNT_ID, region };
    }
    throw new ConfigError(
      `No AWS account for stage ${stage}: set CDK_DEFAULT_ACCOUNT=<12 digits> (with npx cdk, -c ltc:${stage}:account=<12 digits> works too).`,
    );
  }
  if (!ACCOUNT.test(account)) {
    throw new ConfigError(
      `The AWS account for stage ${stage} must be 12 digits, got ${quote(account)} (from CDK_DEFAULT_ACCOUNT or -c ltc:${stage}:account).`,
    );
  }
  if (!REGION.test(region)) {
    throw new ConfigError(
      `The AWS region for stage ${stage} must look like ap-northeast-1, got ${quote(region)} (from CDK_DEFAULT_REGION or -c ltc:${stage}:region).`,
    );
  }
  return { account, region };
}

/** A context value given on the command line (`-c key=value`) or in cdk.json, as text. */
function contextText(sources: TargetSources, key: string): string | undefined {
  const value = sources.context(key);
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  throw new ConfigError(`The CDK context value ${key} must be text, got ${quote(value)}.`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/**
 * A value as it goes into a one-line message: JSON-quoted, so line breaks and terminal escapes
 * show as `\n` and `\u001b` instead of breaking the line or colouring the terminal.
 */
export function quote(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    // JSON.stringify gives undefined for undefined and functions, despite its declared type.
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
  } catch {
    return JSON.stringify(String(value));
  }
}

function describeIssues(error: z.ZodError, raw: unknown): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length === 0 ? '(the whole file)' : issue.path.join('.');
      const given = issue.path.length === 0 ? undefined : valueAt(raw, issue.path);
      const got = given === undefined ? '' : ` (got ${quote(given)})`;
      return `${field}: ${issue.message}${got}`;
    })
    .join('; ');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
