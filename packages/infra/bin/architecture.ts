/**
 * Writes docs/architecture.md from the CDK app: the stacks of a stage with their deploy waves,
 * and the main resources of each with the request paths between them.
 *
 *   npm run docs:architecture [-- --check]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { buildApp } from '../src/app.js';
import { architectureMarkdown } from '../src/architecture.js';
import { runCli } from '../src/cli.js';
import { ConfigError, loadStageConfig } from '../src/config/load.js';
import { REPO_ROOT } from '../src/paths.js';

/** The stage the document shows: production, the one with every feature switched on. */
export const ARCHITECTURE_STAGE = 'prod';
/** An account for the synth only; templates name no account, so it never reaches the file. */
const PLACEHOLDER_ACCOUNT = 'any-account';

runCli(() => {
  const { check } = readArguments();
  const { app, stages } = buildApp({
    stages: [
      {
        config: loadStageConfig(ARCHITECTURE_STAGE),
        account: PLACEHOLDER_ACCOUNT,
        region: 'ap-northeast-1',
      },
    ],
    skipBundling: true,
    guardrails: false,
  });
  const assembly = app.synth();
  const [stacks] = stages;
  if (stacks === undefined) throw new Error('buildApp returned no stage');
  const markdown = architectureMarkdown(
    stacks,
    (stack) => assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
  );

  const file = path.join(REPO_ROOT, 'docs/architecture.md');
  if (check === true) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== markdown) {
      throw new ConfigError('docs/architecture.md is out of date: run npm run docs:architecture.');
    }
    process.stdout.write('docs/architecture.md is current.\n');
    return;
  }
  writeFileSync(file, markdown);
  process.stdout.write('Wrote docs/architecture.md.\n');
});

function readArguments() {
  try {
    return parseArgs({ options: { check: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    throw new ConfigError(
      `${(error as Error).message} (usage: npm run docs:architecture [-- --check])`,
    );
  }
}
