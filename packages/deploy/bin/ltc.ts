/**
 * The deploy tool of Lightning Talk Circle: `npm run ltc -- <command> --help`.
 *
 * Exit codes: 0 done; 1 a deploy, rollback or smoke check failed; 2 bad input or no
 * credentials; 3 refused by a guard (stored data at risk, prod without approval, wrong account,
 * the event-evening scaling window).
 */
// The AWS SDK's notice that its 2027 releases need Node.js 22 is known; it would break the
// one-line errors of this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { graphAsMermaid, graphAsText, type StackNode } from '@ltc/infra/graph';

import { readAssembly, stageStacks, type Assembly } from '../src/assembly.js';
import type { AwsGateway } from '../src/aws-gateway.js';
import {
  allowedChangesOption,
  helpText,
  listOption,
  parseCommand,
  stageOption,
  stateDirectoryOption,
  type CommandSpec,
  type OptionValues,
} from '../src/cli.js';
import { checkAccount, deployStage, restoreStacks } from '../src/deploy-stage.js';
import { DeployError } from '../src/errors.js';
import { planStack, type StackPlan } from '../src/plan.js';
import { RestorePoints } from '../src/restore-points.js';
import { selectStacks, wavesOf } from '../src/selection.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

const common = {
  stage: { type: 'string' },
  assembly: { type: 'string' },
} as const;
const commonHelp = [
  '  --stage dev|staging|prod   the stage (required)',
  '  --assembly DIR             act on this cloud assembly instead of synthesizing one',
];

const COMMANDS: Record<string, CommandSpec & { run(values: Values): Promise<number> }> = {
  synth: {
    summary:
      'Synthesizes a stage once into a folder, the way deploy and plan do, to hand to later commands (--assembly, --against).',
    usage: '--stage S [--out DIR]',
    options: { stage: { type: 'string' }, out: { type: 'string', default: 'cdk.out' } },
    help: [
      '  --stage dev|staging|prod   the stage (required)',
      '  --out DIR                  where the cloud assembly goes (default cdk.out)',
    ],
    run: synth,
  },
  graph: {
    summary: 'Prints the stacks of a stage, what each waits for, and the deploy waves.',
    usage: '--stage S [--format text|mermaid]',
    options: { ...common, format: { type: 'string', default: 'text' } },
    help: [...commonHelp, '  --format text|mermaid      how to print it (default text)'],
    run: graph,
  },
  plan: {
    summary:
      'Shows, per stack, the resources added, changed, replaced and removed, and marks as BLOCKING every change that would replace or delete stored data. Exits 3 when there is one.',
    usage: '--stage S [--stacks A,B] [--assembly DIR] [--against DIR]',
    options: { ...common, stacks: { type: 'string' }, against: { type: 'string' } },
    help: [
      ...commonHelp,
      '  --stacks A,B               only these stacks (by part, such as api, or full name)',
      '  --against DIR              compare with an earlier cloud assembly, offline; without it, with the deployed stacks',
    ],
    run: plan,
  },
  deploy: {
    summary:
      'Deploys a stage in dependency waves, runs its smoke checks, and returns it to the last good assembly when they fail.',
    usage:
      '--stage S [--stacks A,B [--with-dependencies]] [--allow-replace STACK/ID]… [--approve-prod] [--during-event-evening]',
    options: {
      ...common,
      stacks: { type: 'string' },
      'with-dependencies': { type: 'boolean' },
      'allow-replace': { type: 'string', multiple: true },
      'approve-prod': { type: 'boolean' },
      'during-event-evening': { type: 'boolean' },
      concurrency: { type: 'string', default: '4' },
      'no-rollback': { type: 'boolean' },
      'skip-smoke': { type: 'boolean' },
      'state-dir': { type: 'string', default: '.ltc-deploy' },
    },
    help: [
      ...commonHelp,
      '  --stacks A,B               only these stacks',
      '  --with-dependencies        and the stacks they depend on',
      '  --allow-replace STACK/ID   allow one blocking change (repeat for each)',
      '  --approve-prod             required for prod; CI passes it after its approval step',
      '  --during-event-evening     deploy while functions are scaled up for the event evening',
      '  --concurrency N            stacks of a wave deployed at once (default 4)',
      '  --no-rollback              dev only: leave a failed stack as it is for debugging',
      '  --skip-smoke               skip the smoke checks (and the automatic return)',
      '  --state-dir DIR            where restore points are kept (default .ltc-deploy)',
    ],
    run: deploy,
  },
  rollback: {
    summary:
      'Returns a stage (or some stacks) to its last good assembly; stacks stuck in a failed state are rolled back by CloudFormation first.',
    usage: '--stage S [--stacks A,B] [--approve-prod]',
    options: {
      stage: { type: 'string' },
      stacks: { type: 'string' },
      'approve-prod': { type: 'boolean' },
      'state-dir': { type: 'string', default: '.ltc-deploy' },
    },
    help: [
      '  --stage dev|staging|prod   the stage (required)',
      '  --stacks A,B               only these stacks',
      '  --approve-prod             required for prod',
      '  --state-dir DIR            where restore points are kept (default .ltc-deploy)',
    ],
    run: rollback,
  },
  status: {
    summary: 'Shows each stack of a stage as deployed, and whether it matches the assembly.',
    usage: '--stage S',
    options: { ...common, 'state-dir': { type: 'string', default: '.ltc-deploy' } },
    help: [...commonHelp, '  --state-dir DIR            where restore points are kept'],
    run: status,
  },
  destroy: {
    summary: 'Deletes the stacks of dev or staging, last wave first. Refused for prod.',
    usage: '--stage dev|staging --yes',
    options: { ...common, yes: { type: 'boolean' } },
    help: [...commonHelp, '  --yes                      confirm the deletion'],
    run: destroy,
  },
};

type Values = OptionValues;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    out('npm run ltc -- <command> [options]\n');
    for (const [command, spec] of Object.entries(COMMANDS))
      out(`  ${command.padEnd(9)} ${spec.summary}`);
    out('\nnpm run ltc -- <command> --help for its options.');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    throw new DeployError(
      `Unknown command ${JSON.stringify(name)}: expected one of ${Object.keys(COMMANDS).join(', ')}.`,
    );
  }
  const values = parseCommand(name, command, args);
  if (values.help === true) {
    out(helpText(name, command));
    return 0;
  }
  return command.run(values);
}

/** The gateway to AWS, loaded when a command needs it (the CDK toolkit takes a second to load). */
async function awsGateway(assembly: Assembly): Promise<AwsGateway> {
  const { AwsGateway: Gateway } = await import('../src/aws-gateway.js');
  return new Gateway(assembly);
}

async function synthesizeStage(stage: string, options: { outdir: string }): Promise<Assembly> {
  const { synthesizeStage: synthesize } = await import('../src/synthesize.js');
  return synthesize(stage, options);
}

/** The assembly to act on: the one named, or a fresh synth of the stage. */
async function assemblyFor(values: Values, stage: string): Promise<Assembly> {
  if (typeof values.assembly === 'string') return readAssembly(values.assembly);
  out(`synthesizing ${stage}…`);
  return synthesizeStage(stage, { outdir: mkdtempSync(path.join(tmpdir(), `ltc-${stage}-`)) });
}

async function synth(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  if (typeof values.out !== 'string' || values.out.trim() === '') {
    throw new DeployError('--out needs a folder.');
  }
  const assembly = await synthesizeStage(stage, { outdir: path.resolve(values.out) });
  out(
    `Synthesized ${String(stageStacks(assembly, stage).length)} stacks of ${stage} into ${assembly.directory}`,
  );
  return 0;
}

async function graph(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  if (values.format !== 'text' && values.format !== 'mermaid') {
    throw new DeployError('--format must be text or mermaid.');
  }
  let nodes: StackNode[];
  if (typeof values.assembly === 'string') {
    nodes = stageStacks(readAssembly(values.assembly), stage).map((stack) => ({
      name: stack.name,
      region: stack.region,
      dependsOn: stack.dependsOn,
    }));
  } else {
    // The CDK app is loaded only here: the other commands never need aws-cdk-lib in-process.
    const { buildApp, stackGraph, stacksOf } = await import('@ltc/infra');
    const { resolveTargets } = await import('@ltc/infra/config');
    const targets = resolveTargets({
      context: (key) => (key === 'stage' ? stage : undefined),
      env: process.env,
      accountOptional: true,
    });
    nodes = stackGraph(
      stacksOf(buildApp({ stages: targets, skipBundling: true, guardrails: false }).stages),
    );
  }
  out(values.format === 'mermaid' ? graphAsMermaid(nodes) : graphAsText(nodes));
  return 0;
}

async function plan(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  const assembly = await assemblyFor(values, stage);
  const stacks = selectStacks(stageStacks(assembly, stage), listOption(values.stacks), false);
  const against = typeof values.against === 'string' ? readAssembly(values.against) : undefined;
  if (against !== undefined) stageStacks(against, stage);
  const gateway = against === undefined ? await awsGateway(assembly) : undefined;
  if (gateway !== undefined) await checkAccount(gateway, stacks);

  out(`Deploy waves of ${stage}:`);
  for (const [index, wave] of wavesOf(stacks).entries()) {
    out(`  wave ${String(index + 1)}: ${wave.map((stack) => stack.name).join(', ')}`);
  }
  out('');
  let blocking = 0;
  for (const stack of stacks) {
    const before = against
      ? against.stacks.find((candidate) => candidate.name === stack.name)?.template
      : (await gateway?.describe(stack))?.template;
    const stackPlan = planStack(stack.name, before, stack.template);
    blocking += stackPlan.changes.filter((change) => change.blocking).length;
    printPlan(stackPlan);
  }
  out('');
  out(
    blocking === 0
      ? 'No blocking change.'
      : `${String(blocking)} BLOCKING change(s): deploy refuses them unless each is allowed with --allow-replace <stack>/<logicalId>.`,
  );
  return blocking === 0 ? 0 : 3;
}

function printPlan(stackPlan: StackPlan): void {
  if (stackPlan.unchanged) {
    out(`${stackPlan.stack}: unchanged`);
    return;
  }
  const count = (kind: string) => stackPlan.changes.filter((change) => change.kind === kind).length;
  out(
    `${stackPlan.stack}${stackPlan.isNew ? ' (new)' : ''}: ${String(count('add'))} added, ${String(count('change'))} changed, ${String(count('replace'))} replaced, ${String(count('remove'))} removed`,
  );
  for (const change of stackPlan.changes) {
    const mark = change.blocking ? `  BLOCKING: ${change.reason ?? ''}` : '';
    out(`  ${change.kind.padEnd(7)} ${change.logicalId} (${change.type})${mark}`);
  }
}

async function deploy(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  const stacks = listOption(values.stacks);
  if (values['with-dependencies'] === true && stacks === undefined) {
    throw new DeployError(
      '--with-dependencies goes with --stacks; without --stacks every stack deploys.',
    );
  }
  if (values['approve-prod'] === true && stage !== 'prod') {
    throw new DeployError('--approve-prod is for prod only.');
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) {
    throw new DeployError(
      `--concurrency must be a whole number from 1 to 8, got ${JSON.stringify(values.concurrency)}.`,
    );
  }
  const assembly = await assemblyFor(values, stage);
  const gateway = await awsGateway(assembly);
  const region = stageStacks(assembly, stage).find((stack) => stack.part === 'api')?.region;
  const outcome = await deployStage({
    assembly,
    stage,
    stacks,
    withDependencies: values['with-dependencies'] === true,
    allowedChanges: allowedChangesOption(
      values['allow-replace'],
      stageStacks(assembly, stage).map((stack) => stack.name),
    ),
    approved: values['approve-prod'] === true,
    duringEventEvening: values['during-event-evening'] === true,
    concurrency,
    keepFailedStack: values['no-rollback'] === true,
    gateway,
    smokeCheck:
      values['skip-smoke'] === true || region === undefined
        ? undefined
        : (await import('../src/smoke-check.js')).httpSmokeCheck(region),
    restorePoints: new RestorePoints(stateDirectoryOption(values['state-dir'], assembly.directory)),
    report: out,
    onPlan: (plans) => {
      out(`Plan of ${stage}:`);
      plans.forEach(printPlan);
    },
  });
  if (outcome.failed.length > 0) {
    out(
      `Deploy of ${stage} failed: ${outcome.failed.join(', ')}; CloudFormation rolled the failed stacks back.`,
    );
    return 1;
  }
  if (outcome.smokeFailure !== undefined) {
    out(
      `Smoke checks failed (${outcome.smokeFailure}); returned to the last good assembly: ${outcome.restored.join(', ') || 'nothing to return to'}.`,
    );
    return 1;
  }
  out(
    `Deployed ${stage}: ${String(outcome.deployed.length)} deployed, ${String(outcome.skipped.length)} unchanged.`,
  );
  return 0;
}

async function rollback(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  if (values['approve-prod'] === true && stage !== 'prod') {
    throw new DeployError('--approve-prod is for prod only.');
  }
  if (stage === 'prod' && values['approve-prod'] !== true) {
    throw new DeployError('Rolling back prod needs --approve-prod.', 3);
  }
  const restorePoints = new RestorePoints(stateDirectoryOption(values['state-dir']));
  const lastGood = restorePoints.load(stage);
  if (lastGood === undefined) {
    throw new DeployError(
      `No restore point for ${stage} in ${restorePoints.stateDirectory}: no deploy of it has passed its smoke checks here.`,
      1,
    );
  }
  const names = listOption(values.stacks);
  const stacks = selectStacks(stageStacks(lastGood, stage), names, false).map(
    (stack) => stack.name,
  );
  const gateway = await awsGateway(lastGood);
  await checkAccount(gateway, stageStacks(lastGood, stage));
  const outcome = await restoreStacks(gateway, lastGood, stage, stacks, out);
  out(
    `Rolled back ${stage}: ${String(outcome.deployed.length)} returned, ${String(outcome.skipped.length)} already there, ${String(outcome.failed.length)} failed.`,
  );
  return outcome.failed.length === 0 ? 0 : 1;
}

async function status(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  const assembly = await assemblyFor(values, stage);
  const gateway = await awsGateway(assembly);
  await checkAccount(gateway, stageStacks(assembly, stage));
  for (const stack of stageStacks(assembly, stage)) {
    const deployed = await gateway.describe(stack);
    const state =
      deployed === undefined
        ? 'NOT DEPLOYED'
        : `${deployed.status}, ${planStack(stack.name, deployed.template, stack.template).unchanged ? 'matches the assembly' : 'differs from the assembly'}`;
    out(`${stack.name}: ${state}`);
  }
  const lastGood = new RestorePoints(stateDirectoryOption(values['state-dir'])).load(stage);
  out(lastGood === undefined ? 'No restore point yet.' : `Restore point: ${lastGood.directory}`);
  return 0;
}

async function destroy(values: Values): Promise<number> {
  const stage = stageOption(values.stage);
  if (stage === 'prod') throw new DeployError('Destroying prod is refused.', 3);
  if (values.yes !== true)
    throw new DeployError(`Destroying ${stage} deletes its stacks: add --yes to confirm.`, 3);
  const assembly = await assemblyFor(values, stage);
  const gateway = await awsGateway(assembly);
  await checkAccount(gateway, stageStacks(assembly, stage));
  for (const wave of wavesOf(stageStacks(assembly, stage)).reverse()) {
    for (const stack of wave) {
      out(`  ${stack.name}: deleting…`);
      await gateway.destroy(stack);
    }
  }
  out(`Destroyed ${stage}.`);
  return 0;
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    if (error instanceof DeployError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else if (error instanceof Error && error.name === 'ConfigError') {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      // Anything else (an AWS error, say) is still one line; LTC_DEBUG=1 shows where it came from.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split('\n')[0] ?? message}\n`);
      if (process.env.LTC_DEBUG === '1' && error instanceof Error) {
        process.stderr.write(`${error.stack ?? ''}\n`);
      }
      process.exitCode = 1;
    }
  });
