/**
 * The CDK app of Lightning Talk Circle, run by `npm run synth` and by the CDK CLI (`npx cdk
 * synth`, through cdk.json). Synthesizes every stage, or those named with `-c stage=dev,prod`.
 */
import { rmSync } from 'node:fs';

import { App } from 'aws-cdk-lib';

import { addGuardrails, addStage } from '../src/app.js';
import { runCli } from '../src/cli.js';
import { resolveTargets } from '../src/config/load.js';

runCli(() => {
  // Run by the CLI, CDK_OUTDIR tells where to write. Run directly (npm run synth), the assembly
  // goes to cdk.out, emptied first so that no template of an earlier run is left beside it.
  const runByCli = process.env.CDK_OUTDIR !== undefined;
  const outdir = process.env.CDK_OUTDIR ?? 'cdk.out';
  // The settings are checked before anything is written: building the stacks already stages
  // the bundled Lambda code into the output folder.
  const context = new App({ outdir, autoSynth: false }).node;
  const targets = resolveTargets({
    context: (key) => context.tryGetContext(key) as unknown,
    env: process.env,
  });
  if (!runByCli) rmSync(outdir, { recursive: true, force: true });

  const app = new App({ outdir });
  const stages = targets.map((target) => addStage(app, target));
  addGuardrails(app);
  app.synth();

  if (!runByCli) {
    const stacks = stages.reduce((count, stacks) => count + Object.keys(stacks).length, 0);
    const names = targets.map((target) => `${target.config.stage} (${target.region})`).join(', ');
    process.stdout.write(`Synthesized ${String(stacks)} stacks of ${names} into ${outdir}/\n`);
  }
});
