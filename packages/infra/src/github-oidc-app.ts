import { App, type Environment } from 'aws-cdk-lib';

import { addGuardrails } from './app.js';
import type { GitHubOidcSettings } from './config/github-oidc.js';
import { GitHubOidcStack } from './stacks/github-oidc-stack.js';

/**
 * The CDK app of the GitHub OIDC stack, apart from the stages' app: it is deployed once per
 * account, by hand, before the deploy workflow can run. cdk-nag's packs run at its synth too.
 */
export function buildGitHubOidcApp(
  settings: GitHubOidcSettings,
  options: {
    readonly outdir?: string;
    /**
     * The account (and region) of the stack, when known: the CDK CLI then refuses credentials of
     * another account. The template names no account either way.
     * @default environment-agnostic
     */
    readonly env?: Environment;
  } = {},
): { app: App; stack: GitHubOidcStack } {
  const app = new App({ outdir: options.outdir });
  const stack = new GitHubOidcStack(app, { ...settings, env: options.env });
  addGuardrails(app);
  return { app, stack };
}
