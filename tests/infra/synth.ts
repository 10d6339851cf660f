import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildApp, stacksOf, type StageStacks } from '@ltc/infra';
import { loadStageConfig } from '@ltc/infra/config';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';

/** A random 12-digit account for one test run, so a test can prove no template carries it. */
export function randomAccount(): string {
  return String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
}

export interface SynthesizedStages {
  readonly account: string;
  readonly stages: Record<'dev' | 'staging' | 'prod', StageStacks>;
  readonly stacks: Stack[];
  readonly outdir: string;
  template(stack: Stack): Template;
}

/**
 * Synthesizes every stage once, with cdk-nag's packs on (synth throws on an unacknowledged
 * finding) and without bundling the Lambda code, which no template assertion needs.
 */
export function synthesizeAllStages(): SynthesizedStages {
  const account = randomAccount();
  const outdir = mkdtempSync(path.join(tmpdir(), 'ltc-synth-'));
  const names = ['dev', 'staging', 'prod'] as const;
  const { app, stages } = buildApp({
    stages: names.map((name) => ({
      config: loadStageConfig(name),
      account,
      region: 'ap-northeast-1',
    })),
    outdir,
    skipBundling: true,
  });
  app.synth();
  const [dev, staging, prod] = stages;
  if (dev === undefined || staging === undefined || prod === undefined) {
    throw new Error('buildApp returned fewer stages than it was given');
  }

  const templates = new Map<Stack, Template>();
  return {
    account,
    outdir,
    stages: { dev, staging, prod },
    stacks: stacksOf(stages),
    template(stack) {
      let template = templates.get(stack);
      if (template === undefined) {
        template = Template.fromStack(stack);
        templates.set(stack, template);
      }
      return template;
    },
  };
}
