import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
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
  for (const [option, config] of Object.entries(spec.options)) {
    const given = args.filter((arg) => arg === `--${option}` || arg.startsWith(`--${option}=`));
    if (config.multiple !== true && given.length > 1) {
      throw new DeployError(
        `--${option} is given more than once (see npm run ltc -- ${name} --help)`,
      );
    }
  }
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

/**
 * The folder restore points are kept in: it must be a folder (or not exist yet) and lie outside
 * the assembly it will copy.
 */
export function stateDirectoryOption(
  value: OptionValues[string],
  assemblyDirectory?: string,
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DeployError('--state-dir needs a folder.');
  }
  const folder = path.resolve(value);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new DeployError(`--state-dir ${JSON.stringify(value)} is a file, not a folder.`);
  }
  if (assemblyDirectory !== undefined) {
    const inside = path.relative(path.resolve(assemblyDirectory), folder);
    if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
      throw new DeployError('--state-dir must lie outside the assembly folder.');
    }
  }
  return folder;
}

/**
 * The changes allowed with --allow-replace, each `<stack>/<logicalId>` of a stack of the stage;
 * a mistyped one is an error rather than a permission that silently waits for a future plan.
 */
export function allowedChangesOption(
  value: OptionValues[string],
  stackNames: readonly string[],
): Set<string> {
  const given = value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
  for (const change of given) {
    const [stack, logicalId, ...rest] = change.split('/');
    if (
      stack === undefined ||
      logicalId === undefined ||
      rest.length > 0 ||
      !/^[A-Za-z0-9]+$/.test(logicalId)
    ) {
      throw new DeployError(
        `--allow-replace ${JSON.stringify(change)} must read <stack>/<logicalId>, such as ltc-dev-data/MainTable74195DAB.`,
      );
    }
    if (!stackNames.includes(stack)) {
      throw new DeployError(
        `--allow-replace ${JSON.stringify(change)} names no stack of this deploy (${stackNames.join(', ')}).`,
      );
    }
  }
  return new Set(given);
}
