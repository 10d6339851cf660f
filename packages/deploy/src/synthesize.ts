import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { MemoryContext, NonInteractiveIoHost, Toolkit } from '@aws-cdk/toolkit-lib';

import { readAssembly, type Assembly } from './assembly.js';
import { DeployError } from './errors.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The command that runs the CDK app; the same as in cdk.json. */
const APP_COMMAND = 'node --import tsx packages/infra/bin/app.ts';

/**
 * Synthesizes the CDK app once for a stage with the CDK toolkit library, into `outdir`
 * (`cdk.out` by default), and reads the result. The account comes from CDK_DEFAULT_ACCOUNT or
 * `account`; nothing is looked up in AWS.
 */
export async function synthesizeStage(
  stage: string,
  options: { readonly outdir?: string; readonly account?: string } = {},
): Promise<Assembly> {
  // The stage's settings and account are checked here first, so a mistake is one line from
  // this process rather than the CDK app's output wrapped in the toolkit's.
  const { resolveTargets } = await import('@ltc/infra/config');
  resolveTargets({
    context: (key) => (key === 'stage' ? stage : undefined),
    env: {
      ...process.env,
      ...(options.account === undefined ? {} : { CDK_DEFAULT_ACCOUNT: options.account }),
    },
  });
  const toolkit = new Toolkit({
    ioHost: new NonInteractiveIoHost({ logLevel: 'error' }),
    color: false,
    emojis: false,
  });
  const outdir = path.resolve(REPO_ROOT, options.outdir ?? 'cdk.out');
  const source = await toolkit.fromCdkApp(APP_COMMAND, {
    workingDirectory: REPO_ROOT,
    outdir,
    contextStore: new MemoryContext({ stage }),
    resolveDefaultEnvironment: false,
    // As `npm run synth` writes it: construct paths and the CDK version are metadata only.
    synthOptions: { pathMetadata: false, versionReporting: false },
    env: {
      ...process.env,
      ...(options.account === undefined ? {} : { CDK_DEFAULT_ACCOUNT: options.account }),
    },
  });
  try {
    const cached = await toolkit.synth(source);
    return readAssembly(cached.cloudAssembly.directory);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DeployError(`Synthesis of ${stage} failed: ${message.split('\n')[0] ?? message}`, 1);
  }
}
