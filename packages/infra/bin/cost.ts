/**
 * Prints the estimated fixed monthly cost of each stage from its synthesized templates and the
 * price table in packages/infra/src/cost/prices.ts, so that a change adding fixed cost shows.
 *
 *   npm run cost [-- --stage dev|staging|prod] [--json]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

import { buildApp, stacksOf } from '../src/app.js';
import { runCli } from '../src/cli.js';
import { ConfigError, resolveTargets } from '../src/config/load.js';
import { STAGE_NAMES } from '../src/config/schema.js';
import { estimateFixedCost, totalOf } from '../src/cost/estimate.js';

const argsSchema = z.object({
  stage: z.string().optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

runCli(() => {
  const args = argsSchema.parse(readArguments());
  if (args.help === true) {
    process.stdout.write('Usage: npm run cost -- [--stage dev|staging|prod] [--json]\n');
    return;
  }
  const targets = resolveTargets({
    context: (key) => (key === 'stage' ? (args.stage ?? STAGE_NAMES.join(',')) : undefined),
    env: process.env,
    accountOptional: true,
    stageChoice: '--stage <name>',
  });
  const { app, stages } = buildApp({ stages: targets, skipBundling: true, guardrails: false });
  const assembly = app.synth();

  const estimates = stages.map((stacks, index) => {
    const stage = targets[index]?.config.stage ?? '?';
    const lines = estimateFixedCost(
      stacksOf([stacks]).map((stack) => ({
        stackName: stack.stackName,
        template: assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
      })),
    );
    return { stage, totalUsd: totalOf(lines), lines };
  });

  if (args.json === true) {
    process.stdout.write(`${JSON.stringify(estimates, null, 2)}\n`);
    return;
  }
  for (const { stage, totalUsd, lines } of estimates) {
    process.stdout.write(`${stage}: about USD ${totalUsd.toFixed(2)} a month before any use\n`);
    for (const line of lines) {
      process.stdout.write(
        `  ${line.monthlyUsd.toFixed(2).padStart(7)}  ${String(line.quantity).padStart(3)} × ${line.item} (${line.stack})\n`,
      );
    }
  }
  process.stdout.write(
    'Usage (requests, storage, transfer, logs, traces) comes on top; see docs/observability.md#cost.\n',
  );
});

function readArguments() {
  try {
    return parseArgs({
      options: {
        stage: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (see npm run cost -- --help)`);
  }
}
