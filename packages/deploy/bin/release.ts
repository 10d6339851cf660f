/**
 * Cuts a release of Lightning Talk Circle: `npm run release -- --version 0.2.0`. Moves the
 * changelog's unreleased entries under the version, sets it in package.json, commits and tags
 * `v<version>`. docs/releasing.md tells the whole process.
 */
import { parseArgs } from 'node:util';

import { DeployError } from '../src/errors.js';
import { cutRelease } from '../src/release.js';

async function main(): Promise<void> {
  let values: { version?: string; help?: boolean };
  try {
    values = parseArgs({
      options: { version: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new DeployError(`${(error as Error).message} (see npm run release -- --help)`);
  }
  if (values.help === true) {
    process.stdout.write('Usage: npm run release -- --version X.Y.Z\n');
    return;
  }
  if (values.version === undefined) {
    throw new DeployError('--version is required, such as --version 0.2.0.');
  }
  const tag = await cutRelease({
    directory: process.cwd(),
    version: values.version,
    date: new Date().toISOString().slice(0, 10),
  });
  process.stdout.write(
    `Released ${values.version} as ${tag}. Push it with: git push origin HEAD --follow-tags\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof DeployError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
