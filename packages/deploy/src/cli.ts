import { parseArgs, type ParseArgsConfig } from 'node:util';

import { DeployError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  readonly summary: string;
  readonly usage: string;
  readonly options: Options;
  /** One line per option, for --help. */
  readonly help: readonly string[];
}

/** The options a command was given, by name. */
export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Parses a command's arguments strictly; an unknown or malformed option is a one-line error. */
export function parseCommand(
  name: string,
  spec: CommandSpec,
  args: readonly string[],
): OptionValues {
  try {
    return parseArgs({
      args: [...args],
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new DeployError(
      `${error instanceof Error ? error.message : String(error)} (see npm run ltc -- ${name} --help)`,
    );
  }
}

export function helpText(name: string, spec: CommandSpec): string {
  return [`npm run ltc -- ${name} ${spec.usage}`, '', spec.summary, '', ...spec.help].join('\n');
}

/** Splits a comma-separated option into names, dropping empty ones. */
export function listOption(value: OptionValues[string]): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new DeployError('--stacks takes a list such as api,web.');
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new DeployError('--stacks needs at least one stack name.');
  return names;
}

const STAGES = ['dev', 'staging', 'prod'];

/** The stage option, checked. */
export function stageOption(value: OptionValues[string]): string {
  if (typeof value !== 'string') {
    throw new DeployError('--stage is required: dev, staging or prod.');
  }
  if (!STAGES.includes(value)) {
    throw new DeployError(
      `Unknown stage ${JSON.stringify(value)}: expected one of ${STAGES.join(', ')}.`,
    );
  }
  return value;
}
