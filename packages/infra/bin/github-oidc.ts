/**
 * The GitHub OIDC stack's own CDK app: `npm run github-oidc:synth` writes it offline,
 * `npm run github-oidc:deploy` deploys it with the CDK CLI (docs/ci-cd.md). Settings: the
 * repository (`LTC_GITHUB_REPOSITORY` or `-c ltc:github:repository=<owner>/<name>`), the
 * stages (`-c stage=dev,staging`, all by default) and `-c ltc:github:existing-provider=true`.
 */
import { App } from 'aws-cdk-lib';

import { runCli } from '../src/cli.js';
import { resolveGitHubOidcSettings } from '../src/config/github-oidc.js';
import { DEFAULT_REGION } from '../src/config/load.js';
import { buildGitHubOidcApp } from '../src/github-oidc-app.js';

runCli(() => {
  const outdir = process.env.CDK_OUTDIR ?? 'cdk.out/github-oidc';
  const context = new App({ outdir, autoSynth: false }).node;
  const settings = resolveGitHubOidcSettings({
    context: (key) => context.tryGetContext(key) as unknown,
    env: process.env,
  });

  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const { app, stack } = buildGitHubOidcApp(settings, {
    outdir,
    env:
      account === undefined || account === ''
        ? undefined
        : { account, region: process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION },
  });
  app.synth();

  if (process.env.CDK_OUTDIR === undefined) {
    const roles = [...stack.roles.keys()].join(', ');
    process.stdout.write(
      `Synthesized ${stack.stackName} (deploy roles of ${roles} for ${settings.repository}) into ${outdir}/\n`,
    );
  }
});
