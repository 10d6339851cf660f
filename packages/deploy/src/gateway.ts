import type { AssemblyStack, Template } from './assembly.js';

/** What CloudFormation says about a deployed stack. */
export interface DeployedStack {
  /** Such as `UPDATE_COMPLETE` or `UPDATE_ROLLBACK_FAILED`. */
  readonly status: string;
  readonly template: Template;
}

/**
 * The deploy tool's whole boundary with AWS. The real one works through the CDK toolkit library
 * and the AWS SDK; tests use a simulated CloudFormation that records what was asked of it.
 */
export interface CloudFormationGateway {
  /** The account the credentials belong to; fails when there are none. */
  account(): Promise<string>;
  /** The stack as deployed, or undefined when it does not exist. */
  describe(stack: AssemblyStack): Promise<DeployedStack | undefined>;
  /**
   * Deploys the stack's template from the assembly (publishing its assets first). With
   * `rollbackOnFailure`, CloudFormation returns a failed update to the previous state.
   */
  deploy(stack: AssemblyStack, options: { readonly rollbackOnFailure: boolean }): Promise<void>;
  /** Rolls back a stack left in a failed state (`UPDATE_FAILED`, `UPDATE_ROLLBACK_FAILED`). */
  rollback(stack: AssemblyStack): Promise<void>;
  destroy(stack: AssemblyStack): Promise<void>;
}
