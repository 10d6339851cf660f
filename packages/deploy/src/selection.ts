import { deployWaves } from '@ltc/infra/graph';

import type { AssemblyStack } from './assembly.js';
import { DeployError } from './errors.js';

/**
 * The stacks a command acts on: all of the stage, or those named (by full name or by part,
 * `api` or `ltc-dev-api`), with the stacks they depend on when asked.
 */
export function selectStacks(
  stageStacks: readonly AssemblyStack[],
  names: readonly string[] | undefined,
  withDependencies: boolean,
): AssemblyStack[] {
  if (names === undefined || names.length === 0) return [...stageStacks];

  const byName = new Map<string, AssemblyStack>();
  for (const stack of stageStacks) {
    byName.set(stack.name, stack);
    byName.set(stack.part, stack);
  }
  const chosen = new Set<AssemblyStack>();
  for (const name of names) {
    const stack = byName.get(name);
    if (stack === undefined) {
      const valid = stageStacks.map((candidate) => candidate.part).join(', ');
      throw new DeployError(`Unknown stack ${JSON.stringify(name)}: the stage has ${valid}.`);
    }
    chosen.add(stack);
  }
  if (withDependencies) {
    const queue = [...chosen];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const dependency of next.dependsOn) {
        const stack = byName.get(dependency);
        if (stack !== undefined && !chosen.has(stack)) {
          chosen.add(stack);
          queue.push(stack);
        }
      }
    }
  }
  return stageStacks.filter((stack) => chosen.has(stack));
}

/** Deploy waves of the chosen stacks; dependencies outside the choice count as deployed. */
export function wavesOf(stacks: readonly AssemblyStack[]): AssemblyStack[][] {
  const names = new Set(stacks.map((stack) => stack.name));
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  return deployWaves(
    stacks.map((stack) => ({
      name: stack.name,
      region: stack.region,
      dependsOn: stack.dependsOn.filter((name) => names.has(name)),
    })),
  ).map((wave) => wave.map((name) => byName.get(name)).filter((s) => s !== undefined));
}
