import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '@ltc/local/free-port';

export const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

/** The product running in a process of its own. */
export interface StartedProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from the command to the ready line. */
  readonly readyMs: number;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface StartProcessOptions {
  /**
   * `start-script` runs the start script directly; `npm-start` runs `npm start` itself.
   * @default 'start-script'
   */
  readonly command?: 'start-script' | 'npm-start';
  /**
   * With `npm-start`, whether npm builds the web app first (its `prestart`). Tests leave it
   * off: `npm test` has built the app, and a build running beside other tests would empty the
   * folder they serve.
   * @default false
   */
  readonly buildWeb?: boolean;
  /** @default 'WARN' */
  readonly logLevel?: string;
  /** @default 60 000 */
  readonly timeoutMs?: number;
}

/** Starts the product on a free port with its own data folder and waits for its ready line. */
export async function startProductProcess(
  dataDir: string,
  options: StartProcessOptions = {},
): Promise<StartedProcess> {
  const port = await freePort();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const [command, args] =
    options.command === 'npm-start'
      ? ['npm', ['start', '--silent', ...(options.buildWeb === true ? [] : ['--ignore-scripts'])]]
      : [process.execPath, ['--import', 'tsx', 'packages/local/src/start.ts']];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      LTC_DATA_DIR: dataDir,
      LTC_LOG_LEVEL: options.logLevel ?? 'WARN',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the product did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      if (output.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the product exited with ${String(code)} before it was ready:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    child,
    readyMs: performance.now() - started,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
