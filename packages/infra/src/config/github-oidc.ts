import { z } from 'zod';

import type { DeployRoleTarget } from '../stacks/github-oidc-stack.js';
import { ConfigError, quote, resolveTargets, type TargetSources } from './load.js';
import type { StageName } from './schema.js';

/** The GitHub environment each stage deploys from; the deploy workflow binds its jobs to them. */
export const GITHUB_ENVIRONMENTS: Readonly<Record<StageName, string>> = {
  dev: 'dev',
  staging: 'staging',
  prod: 'production',
};

/** What the GitHub OIDC stack is built from. */
export interface GitHubOidcSettings {
  /** `<owner>/<name>` */
  readonly repository: string;
  readonly targets: readonly DeployRoleTarget[];
  readonly existingProvider: boolean;
}

const repository = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/,
    'must read <owner>/<name>, such as my-org/lightning-talk-circle',
  );

/**
 * The settings of the GitHub OIDC stack, checked: the repository from `-c
 * ltc:github:repository=<owner>/<name>` or `LTC_GITHUB_REPOSITORY`; the stages from `-c
 * stage=dev,staging` (all by default), each in its region from `-c ltc:<stage>:region` or the
 * default region, as the deploy workflow synthesizes them; `-c
 * ltc:github:existing-provider=true` when the account already has GitHub's OIDC provider.
 */
export function resolveGitHubOidcSettings(sources: TargetSources): GitHubOidcSettings {
  const fromContext = sources.context('ltc:github:repository');
  const given =
    typeof fromContext === 'string' && fromContext !== ''
      ? fromContext
      : sources.env.LTC_GITHUB_REPOSITORY;
  if (given === undefined || given === '') {
    throw new ConfigError(
      'No GitHub repository for the deploy roles: set LTC_GITHUB_REPOSITORY=<owner>/<name>, or pass -c ltc:github:repository=<owner>/<name>.',
    );
  }
  const parsed = repository.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      `The GitHub repository ${parsed.error.issues[0]?.message ?? 'is not valid'} (got ${quote(given)}, from LTC_GITHUB_REPOSITORY or -c ltc:github:repository).`,
    );
  }

  const existing = sources.context('ltc:github:existing-provider');
  if (
    existing !== undefined &&
    existing !== 'true' &&
    existing !== 'false' &&
    typeof existing !== 'boolean'
  ) {
    throw new ConfigError(
      `The CDK context value ltc:github:existing-provider must be true or false, got ${quote(existing)}.`,
    );
  }

  // CDK_DEFAULT_REGION is left out: the CDK CLI sets it from the operator's profile (us-east-1
  // without one), which says nothing about where the pipeline deploys the stages.
  const env = { ...sources.env, CDK_DEFAULT_REGION: undefined };
  const targets = resolveTargets({ ...sources, env, accountOptional: true }).map(
    (target): DeployRoleTarget => ({
      stage: target.config.stage,
      environment: GITHUB_ENVIRONMENTS[target.config.stage],
      region: target.region,
    }),
  );
  return {
    repository: parsed.data,
    targets,
    existingProvider: existing === true || existing === 'true',
  };
}
