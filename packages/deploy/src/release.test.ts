import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { changelogForRelease, cutRelease } from './release.js';

const run = promisify(execFile);

const CHANGELOG = `# Changelog

## [Unreleased]

### Added

- Live polls.

## [0.1.0] - 2026-11-01

### Added

- The first events.
`;

async function repository(changelog = CHANGELOG): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'ltc-release-'));
  const git = (...args: string[]) => run('git', args, { cwd: directory });
  await git('init', '--quiet');
  await git('config', 'user.email', 'release@example.com');
  await git('config', 'user.name', 'Release Test');
  await writeFile(path.join(directory, 'CHANGELOG.md'), changelog);
  await writeFile(
    path.join(directory, 'package.json'),
    '{\n  "name": "ltc",\n  "version": "0.1.0"\n}\n',
  );
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'Start');
  return directory;
}

describe('a release', () => {
  it('moves the unreleased entries under the new version and leaves an empty section', () => {
    expect(changelogForRelease(CHANGELOG, '0.2.0', '2026-12-04')).toBe(`# Changelog

## [Unreleased]

## [0.2.0] - 2026-12-04

### Added

- Live polls.

## [0.1.0] - 2026-11-01

### Added

- The first events.
`);
  });

  it('commits the changelog and the version and tags the commit', async () => {
    const directory = await repository();

    const tag = await cutRelease({ directory, version: '0.2.0', date: '2026-12-04' });

    const git = async (...args: string[]) =>
      (await run('git', args, { cwd: directory })).stdout.trim();
    expect(tag).toBe('v0.2.0');
    expect(await git('tag', '--list')).toBe('v0.2.0');
    expect(await git('log', '-1', '--format=%s')).toBe('Release 0.2.0');
    expect(await git('status', '--porcelain')).toBe('');
    expect(JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8'))).toEqual({
      name: 'ltc',
      version: '0.2.0',
    });
    expect(await readFile(path.join(directory, 'CHANGELOG.md'), 'utf8')).toContain(
      '## [0.2.0] - 2026-12-04',
    );
  });

  it.each([
    ['2.0', '--version must be a version such as 1.4.0, got "2.0".'],
    ['0.1.0', '--version must be newer than the current 0.1.0, got 0.1.0.'],
  ])('refuses version %s and changes nothing', async (version, message) => {
    const directory = await repository();

    await expect(cutRelease({ directory, version, date: '2026-12-04' })).rejects.toThrow(message);
    expect(await readFile(path.join(directory, 'CHANGELOG.md'), 'utf8')).toBe(CHANGELOG);
  });

  it('refuses a changelog with nothing unreleased, and a dirty work tree', async () => {
    const empty = await repository('# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-01\n');
    const dirty = await repository();
    await writeFile(path.join(dirty, 'notes.txt'), 'work in progress');

    await expect(
      cutRelease({ directory: empty, version: '0.2.0', date: '2026-12-04' }),
    ).rejects.toThrow('Nothing to release');
    await expect(
      cutRelease({ directory: dirty, version: '0.2.0', date: '2026-12-04' }),
    ).rejects.toThrow('uncommitted changes');
  });
});
