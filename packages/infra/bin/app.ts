/**
 * The CDK app of Lightning Talk Circle, run by `npm run synth` and by the CDK CLI (`npx cdk
 * synth`, through cdk.json). Synthesizes every stage, or those named with `-c stage=dev,prod`.
 */
import { App } from 'aws-cdk-lib';

import { addGuardrails, addStage } from '../src/app.js';
import { resolveTargets } from '../src/config/load.js';
import { runCli } from '../src/cli.js';

runCli(() => {
  // Run by the CLI, CDK_OUTDIR tells where to write; run directly, the assembly goes to cdk.out.
  const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
  const targets = resolveTargets({
    context: (key) => app.node.tryGetContext(key) as unknown,
    env: process.env,
  });
  for (const target of targets) {
    addStage(app, target);
  }
  addGuardrails(app);
  app.synth();
});
