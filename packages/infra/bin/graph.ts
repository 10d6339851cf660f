/**
 * Prints the stack graph of a stage and its deploy waves, as text and as Mermaid.
 *
 *   npm run graph -- --stage dev [--format text|mermaid|both]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

import { buildApp, stacksOf } from '../src/app.js';
import { runCli } from '../src/cli.js';
import { ConfigError, resolveTargets } from '../src/config/load.js';
import { graphAsMermaid, graphAsText, stackGraph } from '../src/graph.js';

const argsSchema = z.object({
  stage: z.string({ error: 'is required (--stage dev|staging|prod)' }),
  format: z.enum(['text', 'mermaid', 'both'], { error: 'must be text, mermaid or both' }),
});

runCli(() => {
  const parsed = readArguments();
  if (parsed.help === true) {
    process.stdout.write(
      'Usage: npm run graph -- --stage dev|staging|prod [--format text|mermaid|both]\n',
    );
    return;
  }
  const args = argsSchema.safeParse(parsed);
  if (!args.success) {
    const issue = args.error.issues[0];
    throw new ConfigError(`--${issue?.path.join('.') ?? '?'} ${issue?.message ?? 'is invalid'}`);
  }

  const targets = resolveTargets({
    context: (key) => (key === 'stage' ? args.data.stage : undefined),
    env: process.env,
    accountOptional: true,
    stageChoice: '--stage <name>',
  });
  const { stages } = buildApp({ stages: targets, skipBundling: true, guardrails: false });
  const graph = stackGraph(stacksOf(stages));

  const { format } = args.data;
  if (format !== 'mermaid') {
    process.stdout.write(`${graphAsText(graph)}\n`);
  }
  if (format === 'both') {
    process.stdout.write('\n');
  }
  if (format !== 'text') {
    process.stdout.write(`${graphAsMermaid(graph)}\n`);
  }
});

function readArguments() {
  try {
    return parseArgs({
      options: {
        stage: { type: 'string' },
        format: { type: 'string', default: 'both' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (see npm run graph -- --help)`);
  }
}
