/** Why a command stops; `exitCode` tells CI what kind of stop it was. */
export class DeployError extends Error {
  override readonly name = 'DeployError';

  constructor(
    message: string,
    /** 2: bad input; 3: refused by a guard; 1: a failure while working. */
    readonly exitCode: 1 | 2 | 3 = 2,
  ) {
    super(message);
  }
}
