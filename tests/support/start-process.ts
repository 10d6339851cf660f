import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '@ltc/local/free-port';

export const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

/** `npm start`'s server process, started the way the start script starts it. */
export interface StartedProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs the product's start script (what `npm start` runs once the web app is built) on a free
 * port with its own data folder, and waits for its ready line.
 */
export async function startProductProcess(
  dataDir: string,
  timeoutMs = 60_000,
): Promise<StartedProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/start.ts'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, PORT: String(port), LTC_DATA_DIR: dataDir, LTC_LOG_LEVEL: 'WARN' },
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
    const onData = () => {
      if (output.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the product exited with ${String(code)} before it was ready:\n${output}`));
    });
  });

  return {
    url: `http://localhost:${port}`,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
