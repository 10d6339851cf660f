import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

import { readAssembly, type Assembly } from './assembly.js';

/**
 * The last known good cloud assembly of each stage: the one whose deploy passed the smoke
 * checks. A failed deploy or a `rollback` command returns the stage to it. Kept on disk under
 * a state folder (`.ltc-deploy/` unless told otherwise); CI keeps that folder between runs.
 */
export class RestorePoints {
  constructor(readonly stateDirectory: string) {}

  /** Records `assembly` as the stage's last good state, replacing the one before. */
  save(stage: string, assembly: Assembly): void {
    const target = this.folder(stage);
    const staging = `${target}.new`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(assembly.directory, staging, { recursive: true });
    // Swap in one step, so an interrupted save never leaves half an assembly as the restore point.
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  }

  /** The stage's last good assembly, or undefined when no deploy of it has passed yet. */
  load(stage: string): Assembly | undefined {
    const folder = this.folder(stage);
    return existsSync(path.join(folder, 'manifest.json')) ? readAssembly(folder) : undefined;
  }

  private folder(stage: string): string {
    return path.join(this.stateDirectory, stage, 'last-good');
  }
}
