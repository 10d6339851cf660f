import pLimit from 'p-limit';

import type { Assembly, AssemblyStack } from './assembly.js';
import { stageStacks } from './assembly.js';
import { DeployError } from './errors.js';
import { assertOutsideEventEvening } from './event-evening.js';
import type { CloudFormationGateway } from './gateway.js';
import { planStack, refusedChanges, type StackPlan } from './plan.js';
import type { RestorePoints } from './restore-points.js';
import { selectStacks, wavesOf } from './selection.js';

/** Checks a deployed stage from the outside; throws with what failed. */
export type SmokeCheck = (stage: string) => Promise<void>;

/** Where progress goes: one line per event, such as a stack starting or finishing. */
export type Reporter = (line: string) => void;

export interface DeployRequest {
  readonly assembly: Assembly;
  readonly stage: string;
  /** Stacks by name or part; all of the stage when absent. */
  readonly stacks?: readonly string[];
  readonly withDependencies?: boolean;
  /** Blocking changes allowed by name, `<stack>/<logicalId>`. */
  readonly allowedChanges?: ReadonlySet<string>;
  /** Production deploys need this; CI sets it only after its approval step. */
  readonly approved?: boolean;
  /** Deploy even while a stack's function is scaled up for the event evening. @default false */
  readonly duringEventEvening?: boolean;
  /** The time the event-evening window is checked against. @default The clock */
  readonly now?: Date;
  /** Stacks of one wave deployed at once. @default 4 */
  readonly concurrency?: number;
  /** Let CloudFormation keep a failed dev stack as it is, for debugging. @default false */
  readonly keepFailedStack?: boolean;
  readonly gateway: CloudFormationGateway;
  readonly smokeCheck?: SmokeCheck;
  readonly restorePoints?: RestorePoints;
  readonly report?: Reporter;
  /** Told the plan of every chosen stack before anything is deployed, to be kept with the run. */
  readonly onPlan?: (plans: readonly StackPlan[]) => void;
}

export interface DeployOutcome {
  readonly deployed: readonly string[];
  readonly skipped: readonly string[];
  /** The stacks whose deploy failed; the run stopped after their wave. */
  readonly failed: readonly string[];
  /** What the smoke checks said, when they ran and failed. */
  readonly smokeFailure?: string;
  /** Stacks returned to the last good assembly after failed smoke checks. */
  readonly restored: readonly string[];
}

/**
 * Deploys a stage, or some of its stacks, from one cloud assembly: checks the account and the
 * guards first (stateful changes, prod approval), then deploys wave by wave with the stacks of
 * a wave in parallel, skips unchanged stacks, stops after the first wave with a failure, runs
 * the smoke checks, and returns the stage to its last good assembly when they fail.
 */
export async function deployStage(request: DeployRequest): Promise<DeployOutcome> {
  const report = request.report ?? (() => undefined);
  const { gateway, stage } = request;
  const stacks = selectStacks(
    stageStacks(request.assembly, stage),
    request.stacks,
    request.withDependencies ?? false,
  );

  if (stage === 'prod' && request.approved !== true) {
    throw new DeployError(
      'Deploying prod needs --approve-prod; CI passes it only after the production approval.',
      3,
    );
  }
  assertOutsideEventEvening(stacks, request.now ?? new Date(), request.duringEventEvening === true);
  if (request.keepFailedStack === true && stage !== 'dev') {
    throw new DeployError('--no-rollback is for dev only; staging and prod always roll back.', 2);
  }
  await checkAccount(gateway, stacks);

  const plans = new Map<string, StackPlan>();
  for (const stack of stacks) {
    const deployed = await gateway.describe(stack);
    const plan = planStack(stack.name, deployed?.template, stack.template);
    // A stack left failed is deployed again even when its template did not change.
    plans.set(stack.name, isHealthy(deployed?.status) ? plan : { ...plan, unchanged: false });
  }
  request.onPlan?.([...plans.values()]);
  const refused = refusedChanges([...plans.values()], request.allowedChanges ?? new Set());
  if (refused.length > 0) {
    throw new DeployError(
      `Refused: these changes would replace or delete stored data: ${refused.join('; ')}. Allow each one by name with --allow-replace <stack>/<logicalId> if that is intended.`,
      3,
    );
  }

  const run = await runWaves(stacks, plans, request, report);
  if (run.failed.length > 0) return { ...run, restored: [] };
  if (request.smokeCheck === undefined) {
    report('smoke checks skipped: the restore point stays as it was');
    return { ...run, restored: [] };
  }

  report(`smoke checks of ${stage}…`);
  try {
    await request.smokeCheck(stage);
  } catch (error) {
    const smokeFailure = error instanceof Error ? error.message : String(error);
    report(`smoke checks failed: ${smokeFailure}`);
    const restored = await restore(request, run.deployed, report);
    return { ...run, smokeFailure, restored };
  }
  report('smoke checks passed');
  if (request.stacks === undefined || request.stacks.length === 0) {
    request.restorePoints?.save(stage, request.assembly);
  } else {
    // The assembly also holds stacks this run did not deploy; it is no proof of those.
    report('only some stacks were deployed: the restore point stays as it was');
  }
  return { ...run, restored: [] };
}

/** Whether a stack's status is a settled, working one (a failed create leaves ROLLBACK_COMPLETE). */
function isHealthy(status: string | undefined): boolean {
  return (
    status === undefined ||
    (status.endsWith('_COMPLETE') && status !== 'ROLLBACK_COMPLETE' && !status.startsWith('DELETE'))
  );
}

async function runWaves(
  stacks: readonly AssemblyStack[],
  plans: ReadonlyMap<string, StackPlan>,
  request: DeployRequest,
  report: Reporter,
): Promise<Pick<DeployOutcome, 'deployed' | 'skipped' | 'failed'>> {
  const limit = pLimit(request.concurrency ?? 4);
  const deployed: string[] = [];
  const skipped: string[] = [];
  const failed: string[] = [];
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

  for (const [index, wave] of wavesOf(stacks).entries()) {
    report(`wave ${String(index + 1)}: ${wave.map((stack) => stack.name).join(', ')}`);
    await Promise.all(
      wave.map((stack) =>
        limit(async () => {
          const plan = plans.get(stack.name);
          if (plan?.unchanged === true) {
            skipped.push(stack.name);
            report(`  ${stack.name}: unchanged, skipped`);
            return;
          }
          report(`  ${stack.name}: deploying… (${elapsed()})`);
          try {
            await request.gateway.deploy(stack, {
              rollbackOnFailure: request.keepFailedStack !== true,
            });
            deployed.push(stack.name);
            report(`  ${stack.name}: deployed (${elapsed()})`);
          } catch (error) {
            failed.push(stack.name);
            report(`  ${stack.name}: FAILED (${elapsed()}): ${messageOf(error)}`);
          }
        }),
      ),
    );
    if (failed.length > 0) {
      report(`stopped after wave ${String(index + 1)}: ${failed.join(', ')} failed`);
      break;
    }
  }
  return { deployed, skipped, failed };
}

/** Deploys the last good assembly's version of the given stacks, in waves. */
async function restore(
  request: DeployRequest,
  stackNames: readonly string[],
  report: Reporter,
): Promise<string[]> {
  if (stackNames.length === 0) return [];
  const lastGood = request.restorePoints?.load(request.stage);
  if (lastGood === undefined) {
    report('no restore point for this stage yet: the stage stays as deployed');
    return [];
  }
  report(`returning ${stackNames.join(', ')} to the last good assembly…`);
  try {
    const outcome = await restoreStacks(
      request.gateway,
      lastGood,
      request.stage,
      stackNames,
      report,
    );
    return [...outcome.deployed];
  } catch (error) {
    report(`automatic return refused: ${messageOf(error)}`);
    return [];
  }
}

/**
 * Deploys stacks of a stage from an earlier assembly (the `rollback` command and the automatic
 * return after failed smoke checks). The stateful guard applies here too: a restore that would
 * delete data is refused like any deploy.
 */
export async function restoreStacks(
  gateway: CloudFormationGateway,
  lastGood: Assembly,
  stage: string,
  stackNames: readonly string[] | undefined,
  report: Reporter,
): Promise<Pick<DeployOutcome, 'deployed' | 'skipped' | 'failed'>> {
  const all = stageStacks(lastGood, stage);
  const stacks =
    stackNames === undefined ? all : all.filter((stack) => stackNames.includes(stack.name));
  await checkAccount(gateway, stacks);
  const plans = new Map<string, StackPlan>();
  const failedStacks: AssemblyStack[] = [];
  for (const stack of stacks) {
    const deployed = await gateway.describe(stack);
    if (deployed?.status.endsWith('_FAILED') === true) failedStacks.push(stack);
    const plan = planStack(stack.name, deployed?.template, stack.template);
    plans.set(stack.name, isHealthy(deployed?.status) ? plan : { ...plan, unchanged: false });
  }
  const refused = refusedChanges([...plans.values()], new Set());
  if (refused.length > 0) {
    throw new DeployError(
      `Restoring would replace or delete stored data (${refused.join('; ')}); restore by hand.`,
      3,
    );
  }
  for (const stack of failedStacks) {
    report(`  ${stack.name}: left failed, rolling back first`);
    await gateway.rollback(stack);
  }
  return runWaves(stacks, plans, { gateway, assembly: lastGood, stage }, report);
}

/** Refuses to act with credentials of another account than the stage's. */
export async function checkAccount(
  gateway: CloudFormationGateway,
  stacks: readonly AssemblyStack[],
) {
  const account = await gateway.account();
  const wrong = stacks.find(
    (stack) => stack.targetAccount !== undefined && stack.targetAccount !== account,
  );
  if (wrong !== undefined) {
    throw new DeployError(
      `The credentials are for account ${account}, but stage ${wrong.stage} belongs to ${String(wrong.targetAccount)}: switch credentials or synthesize for this account.`,
      3,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
