import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The product's own processes under `rootPid`: the Node server and DynamoDB Local's Java. */
export function productProcesses(rootPid: number): { node?: number; java?: number } {
  const parents = new Map<number, { parent: number; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), { parent, comm: /\(([^)]*)\)/.exec(stat)?.[1] ?? '' });
    } catch {
      // The process ended while we looked.
    }
  }
  const descends = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 20; hops++) {
      if (current === rootPid) return true;
      current = parents.get(current)?.parent ?? 0;
    }
    return false;
  };
  const found: { node?: number; java?: number } = {};
  for (const [pid, { comm }] of parents) {
    if (!descends(pid)) continue;
    if (comm === 'java') found.java = pid;
    if (comm === 'node' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.ts'))
      found.node = pid;
  }
  return found;
}

/**
 * Waits up to `timeoutMs` for processes of a stopped product to end, then kills those still
 * there (SIGKILL) and answers their pids, so that no DynamoDB Local outlives the run that
 * started it.
 */
export async function endLeftovers(pids: Iterable<number>, timeoutMs = 10_000): Promise<number[]> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const waiting = [...pids];
  for (let waited = 0; waited < timeoutMs && waiting.some(alive); waited += 100) await sleep(100);
  const left = waiting.filter(alive);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return left;
}
