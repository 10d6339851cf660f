import { ConfigError } from './config/load.js';

/**
 * Runs a command-line entry point. A configuration or validation problem ends the process with
 * its one-line message and exit code 1, not a stack trace; anything unexpected keeps its trace.
 */
export function runCli(main: () => void | Promise<void>): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof ConfigError || isValidationFailure(error)) {
        process.stderr.write(`error: ${error.message}\n`);
      } else {
        process.stderr.write(
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      process.exitCode = 1;
    });
}

/** CDK's error when a validation plugin such as cdk-nag reports unacknowledged findings. */
function isValidationFailure(error: unknown): error is Error {
  return error instanceof Error && /validation/i.test(error.name);
}
