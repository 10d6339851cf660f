import { readFileSync } from 'node:fs';

import {
  API_PARAMETERS,
  AUTH_PARAMETERS,
  DATA_PARAMETERS,
  EDGE_PARAMETERS,
  FOUNDATION_PARAMETERS,
  HOSTED_ZONE_PARAMETER,
  REALTIME_PARAMETERS,
  WEB_PARAMETERS,
} from '@ltc/infra';
import { stageConfigSchema } from '@ltc/infra/config';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

/*
 * docs/operations/configuration.md is written by hand; this keeps it true: every stage setting
 * of the schema, every SSM parameter the stacks use and every variable the Lambda functions
 * read has a row whose first cell names it.
 */
const reference = readFileSync('docs/operations/configuration.md', 'utf8');
const documented = new Set(
  reference
    .split('\n')
    .map((line) => /^\| `([^`]+)`/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

/** Every setting of the schema that holds a value, by its dotted path. */
function settingPaths(schema: z.ZodType, prefix = ''): string[] {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
    settingPaths(value, prefix === '' ? key : `${prefix}.${key}`),
  );
}

describe('the configuration reference', () => {
  it('describes every stage setting of the schema', () => {
    const settings = settingPaths(stageConfigSchema);

    expect(settings).toContain('warm.eventEvening.startHourUtc');
    expect(settings.filter((path) => !documented.has(path))).toEqual([]);
  });

  it('describes every SSM parameter the stacks publish or read', () => {
    const names = [
      HOSTED_ZONE_PARAMETER,
      ...[
        API_PARAMETERS,
        AUTH_PARAMETERS,
        DATA_PARAMETERS,
        EDGE_PARAMETERS,
        FOUNDATION_PARAMETERS,
        REALTIME_PARAMETERS,
        WEB_PARAMETERS,
      ].flatMap((parameters) => Object.values(parameters)),
    ].map((name) => `/ltc/<stage>/${name}`);

    expect(names.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('describes every variable the API and realtime functions read', () => {
    const stacks = ['api-stack', 'realtime-stack'].map((file) =>
      readFileSync(`packages/infra/src/stacks/${file}.ts`, 'utf8'),
    );
    const variables = stacks.flatMap((source) =>
      [...source.matchAll(/^\s+([A-Z][A-Z_]+):/gm)].map((match) => match[1] ?? ''),
    );

    expect(variables).toContain('TABLE_NAME');
    expect(variables.filter((name) => !documented.has(name))).toEqual([]);
  });
});
