import { setTimeout as sleep } from 'node:timers/promises';

import type { AssemblyStack } from './assembly.js';
import type { CloudFormationGateway, DeployedStack } from './gateway.js';

/** One call the simulation received, with when it started and ended. */
export interface SimulatedCall {
  readonly action: 'deploy' | 'rollback' | 'destroy';
  readonly stack: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly failed: boolean;
}

/**
 * A simulation of CloudFormation for tests and dry runs: it keeps deployed templates in memory,
 * takes a little time per deploy so that parallel stacks overlap, records every call with its
 * timing and the highest number of stacks in flight at once, and fails the stacks it is told to.
 * It never reaches AWS.
 */
export class SimulatedCloudFormation implements CloudFormationGateway {
  readonly deployed = new Map<string, DeployedStack>();
  readonly calls: SimulatedCall[] = [];
  /** Stacks whose next deploys fail (a failed deploy rolls back to what was there). */
  readonly failing = new Set<string>();
  maxInFlight = 0;
  private inFlight = 0;
  private clock = 0;

  constructor(
    private readonly options: { accountId: string; deployMilliseconds?: number } = {
      accountId: 'simulated',
    },
  ) {}

  account(): Promise<string> {
    return Promise.resolve(this.options.accountId);
  }

  describe(stack: AssemblyStack): Promise<DeployedStack | undefined> {
    return Promise.resolve(this.deployed.get(stack.name));
  }

  async deploy(stack: AssemblyStack, options: { rollbackOnFailure: boolean }): Promise<void> {
    await this.run('deploy', stack.name, () => {
      if (this.failing.has(stack.name)) {
        const before = this.deployed.get(stack.name);
        if (before !== undefined) {
          this.deployed.set(stack.name, {
            status: options.rollbackOnFailure ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_FAILED',
            template: before.template,
          });
        }
        throw new Error(`Simulated failure of ${stack.name}`);
      }
      this.deployed.set(stack.name, { status: 'UPDATE_COMPLETE', template: stack.template });
    });
  }

  async rollback(stack: AssemblyStack): Promise<void> {
    await this.run('rollback', stack.name, () => {
      const before = this.deployed.get(stack.name);
      if (before !== undefined) {
        this.deployed.set(stack.name, { ...before, status: 'UPDATE_ROLLBACK_COMPLETE' });
      }
    });
  }

  async destroy(stack: AssemblyStack): Promise<void> {
    await this.run('destroy', stack.name, () => {
      this.deployed.delete(stack.name);
    });
  }

  /** The stacks of the calls of one action, in the order they started. */
  started(action: SimulatedCall['action']): string[] {
    return this.calls
      .filter((call) => call.action === action)
      .sort((a, b) => a.startedAt - b.startedAt)
      .map((call) => call.stack);
  }

  private async run(action: SimulatedCall['action'], stack: string, work: () => void) {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const startedAt = (this.clock += 1);
    let failed = false;
    try {
      await sleep(this.options.deployMilliseconds ?? 5);
      work();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.inFlight -= 1;
      this.calls.push({ action, stack, startedAt, endedAt: (this.clock += 1), failed });
    }
  }
}
