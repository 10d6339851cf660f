import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository's root folder, where the lockfile and every package live. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository, by its path from the root; fails at synth when it is missing. */
export function repoFile(relativePath: string): string {
  const absolute = path.join(REPO_ROOT, relativePath);
  if (!existsSync(absolute)) {
    throw new Error(`${relativePath} is missing from the repository.`);
  }
  return absolute;
}
