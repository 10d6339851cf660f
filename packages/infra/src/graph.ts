import type { Stack } from 'aws-cdk-lib';

/** A stack and the stacks it waits for, by name. */
export interface StackNode {
  readonly name: string;
  readonly region: string;
  readonly dependsOn: readonly string[];
}

/** Reads the declared dependencies of the stacks, keeping only those among them. */
export function stackGraph(stacks: readonly Stack[]): StackNode[] {
  const names = new Set(stacks.map((stack) => stack.stackName));
  return stacks.map((stack) => ({
    name: stack.stackName,
    region: stack.region,
    dependsOn: stack.dependencies
      .map((dependency) => dependency.stackName)
      .filter((name) => names.has(name))
      .sort(),
  }));
}

/**
 * Groups stacks into deploy waves: every stack's dependencies sit in earlier waves, and the
 * stacks of one wave can deploy in parallel. Fails on a cycle, naming the stacks in it.
 */
export function deployWaves(nodes: readonly StackNode[]): string[][] {
  const waves: string[][] = [];
  const placed = new Set<string>();
  let remaining = [...nodes];
  while (remaining.length > 0) {
    const ready = remaining.filter((node) => node.dependsOn.every((name) => placed.has(name)));
    if (ready.length === 0) {
      const names = remaining.map((node) => node.name).join(', ');
      throw new Error(`The stack dependencies form a cycle among: ${names}`);
    }
    const wave = ready.map((node) => node.name).sort();
    waves.push(wave);
    wave.forEach((name) => placed.add(name));
    remaining = remaining.filter((node) => !placed.has(node.name));
  }
  return waves;
}

/** The graph and its waves as plain text. */
export function graphAsText(nodes: readonly StackNode[]): string {
  const lines = nodes.map((node) => {
    const after = node.dependsOn.length === 0 ? '(nothing)' : node.dependsOn.join(', ');
    return `  ${node.name} [${node.region}] after ${after}`;
  });
  const waves = deployWaves(nodes).map(
    (wave, index) => `  wave ${String(index + 1)}: ${wave.join(', ')}`,
  );
  return [
    'Stacks:',
    ...lines,
    '',
    'Deploy waves (stacks of a wave deploy in parallel):',
    ...waves,
  ].join('\n');
}

/** The graph as a Mermaid flowchart; each arrow points from a stack to one it waits for. */
export function graphAsMermaid(nodes: readonly StackNode[]): string {
  const id = (name: string): string => name.replaceAll('-', '_');
  const lines = ['flowchart TD'];
  deployWaves(nodes).forEach((wave, index) => {
    lines.push(`  subgraph wave${String(index + 1)}["wave ${String(index + 1)}"]`);
    for (const name of wave) {
      lines.push(`    ${id(name)}["${name}"]`);
    }
    lines.push('  end');
  });
  for (const node of nodes) {
    for (const dependency of node.dependsOn) {
      lines.push(`  ${id(node.name)} --> ${id(dependency)}`);
    }
  }
  return lines.join('\n');
}
