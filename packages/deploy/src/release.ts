import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import semver from 'semver';

import { DeployError } from './errors.js';

const run = promisify(execFile);

const UNRELEASED = '## [Unreleased]';

/**
 * Moves the entries under `## [Unreleased]` of a Keep a Changelog file into a new section for
 * `version`, dated `date`, and leaves an empty `[Unreleased]` above it.
 */
export function changelogForRelease(changelog: string, version: string, date: string): string {
  const start = changelog.indexOf(UNRELEASED);
  if (start === -1) {
    throw new DeployError('CHANGELOG.md has no "## [Unreleased]" section to release.');
  }
  if (changelog.includes(`## [${version}]`)) {
    throw new DeployError(`CHANGELOG.md already has a section for ${version}.`);
  }
  const bodyStart = start + UNRELEASED.length;
  const next = changelog.indexOf('\n## [', bodyStart);
  const bodyEnd = next === -1 ? changelog.length : next + 1;
  const entries = changelog.slice(bodyStart, bodyEnd).trim();
  if (!/^- /m.test(entries)) {
    throw new DeployError('Nothing to release: "## [Unreleased]" in CHANGELOG.md has no entries.');
  }
  return `${changelog.slice(0, start)}${UNRELEASED}\n\n## [${version}] - ${date}\n\n${entries}\n\n${changelog.slice(bodyEnd)}`.replace(
    /\n+$/,
    '\n',
  );
}

export interface ReleaseRequest {
  /** The repository's root folder. */
  readonly directory: string;
  /** The new version, semantic-versioning style, such as `0.2.0`. */
  readonly version: string;
  /** The release date, `YYYY-MM-DD`. */
  readonly date: string;
}

/**
 * Cuts a release in a clean work tree: checks the version is valid and newer than the
 * current one, moves the changelog's unreleased entries under it, sets it in package.json,
 * commits both and tags the commit `v<version>`. Pushing is left to the person releasing.
 */
export async function cutRelease(request: ReleaseRequest): Promise<string> {
  const { directory, version, date } = request;
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: directory })).stdout.trim();

  if (semver.valid(version) !== version) {
    throw new DeployError(
      `--version must be a version such as 1.4.0, got ${JSON.stringify(version)}.`,
    );
  }
  if ((await git('status', '--porcelain')) !== '') {
    throw new DeployError('The work tree has uncommitted changes: commit or stash them first.');
  }
  const tag = `v${version}`;
  if ((await git('tag', '--list', tag)) !== '') {
    throw new DeployError(`The tag ${tag} exists already.`);
  }
  const packageFile = path.join(directory, 'package.json');
  const manifest = JSON.parse(await readFile(packageFile, 'utf8')) as { version?: string };
  const current = manifest.version ?? '0.0.0';
  if (!semver.gt(version, current)) {
    throw new DeployError(`--version must be newer than the current ${current}, got ${version}.`);
  }

  const changelogFile = path.join(directory, 'CHANGELOG.md');
  const changelog = changelogForRelease(await readFile(changelogFile, 'utf8'), version, date);
  await writeFile(changelogFile, changelog);
  await writeFile(packageFile, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
  await git('add', 'CHANGELOG.md', 'package.json');
  await git('commit', '--quiet', '-m', `Release ${version}`);
  await git('tag', '--annotate', tag, '--message', `Lightning Talk Circle ${version}`);
  return tag;
}
