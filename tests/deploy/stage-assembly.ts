import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { readAssembly, type Assembly, type Template } from '@ltc/deploy';
import { buildApp } from '@ltc/infra';
import { loadStageConfig } from '@ltc/infra/config';

/**
 * Synthesizes the real CDK app for dev and prod (without bundling or cdk-nag, which these tests
 * do not need) into a temporary folder and reads it as the deploy tool does.
 */
export function synthesizeForDeploy(account: string): Assembly {
  const outdir = mkdtempSync(path.join(tmpdir(), 'ltc-deploy-'));
  const { app } = buildApp({
    stages: (['dev', 'prod'] as const).map((name) => ({
      config: loadStageConfig(name),
      account,
      region: 'ap-northeast-1',
    })),
    outdir,
    skipBundling: true,
    guardrails: false,
  });
  app.synth();
  return readAssembly(outdir);
}

/** A copy of the assembly with one stack's template changed, as a later synth would give. */
export function changedAssembly(
  assembly: Assembly,
  stackName: string,
  change: (template: Template) => void,
): Assembly {
  const copy = mkdtempSync(path.join(tmpdir(), 'ltc-deploy-changed-'));
  cpSync(assembly.directory, copy, { recursive: true });
  const file = path.join(copy, `${stackName}.template.json`);
  const template = JSON.parse(readFileSync(file, 'utf8')) as Template;
  change(template);
  writeFileSync(file, JSON.stringify(template));
  return readAssembly(copy);
}

/** The resources of a template of the given type, by logical id. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties: Record<string, unknown> }][] {
  const resources = template.Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}
