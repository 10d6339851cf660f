/**
 * `npm run test:stage -- --base-url URL [--ws-url URL] [--read-only]`: the stage test suite
 * against a running stage, local or deployed.
 *
 * Organizer credentials (optional; with them the suite creates its own test event and cancels
 * it at the end, without them it uses an upcoming event open for registrations and talks):
 * - LTC_STAGE_ORGANIZER_TOKEN: an organizer's access token (a Cognito access token in AWS);
 * - or LTC_STAGE_ORGANIZER_USERNAME and LTC_STAGE_ORGANIZER_PASSWORD: the local sign-in of
 *   `npm start` (its start-up lines print the demo organizer's).
 *
 * Production (the prod stage's domain) takes only read-only runs.
 *
 * Exit codes: 0 every check passed or was skipped; 1 a check failed; 2 bad arguments.
 */
import { parseArgs } from 'node:util';

import { prod } from '@ltc/infra/config/prod';
import { z } from 'zod';

import { runStageSuite, type CheckResult, type OrganizerCredentials } from './stage-suite.js';

class UsageError extends Error {}

const USAGE = 'npm run test:stage -- --base-url URL [--ws-url URL] [--read-only]';

const urlWithProtocol = (option: string, protocols: readonly string[], example: string) =>
  z.string().superRefine((value, context) => {
    if (!URL.canParse(value) || !protocols.includes(new URL(value).protocol)) {
      context.addIssue({
        code: 'custom',
        message: `--${option} must be a URL starting with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}, such as ${example}, got ${JSON.stringify(value)}.`,
      });
    }
  });

const argumentsSchema = z.object({
  'base-url': urlWithProtocol('base-url', ['http:', 'https:'], 'https://dev.xn--6wym69a.com'),
  'ws-url': urlWithProtocol('ws-url', ['ws:', 'wss:'], 'ws://localhost:3000/ws').optional(),
  'read-only': z.boolean().default(false),
});

/** An environment variable that counts as unset when empty. */
const setting = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const credentialsSchema = z.object({
  LTC_STAGE_ORGANIZER_TOKEN: setting,
  LTC_STAGE_ORGANIZER_USERNAME: setting,
  LTC_STAGE_ORGANIZER_PASSWORD: setting,
});

function parseOptions(argv: string[]) {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        'base-url': { type: 'string' },
        'ws-url': { type: 'string' },
        'read-only': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)} (usage: ${USAGE})`,
    );
  }
  if (values['base-url'] === undefined) {
    throw new UsageError(
      `--base-url is required: the stage's site, such as http://localhost:3000 (usage: ${USAGE})`,
    );
  }
  const parsed = argumentsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'bad arguments');
  return parsed.data;
}

function organizerFrom(env: NodeJS.ProcessEnv): OrganizerCredentials | undefined {
  const given = credentialsSchema.parse(env);
  if (given.LTC_STAGE_ORGANIZER_TOKEN !== undefined) {
    return { kind: 'token', accessToken: given.LTC_STAGE_ORGANIZER_TOKEN };
  }
  const { LTC_STAGE_ORGANIZER_USERNAME: username, LTC_STAGE_ORGANIZER_PASSWORD: password } = given;
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) {
    const missing =
      username === undefined ? 'LTC_STAGE_ORGANIZER_USERNAME' : 'LTC_STAGE_ORGANIZER_PASSWORD';
    throw new UsageError(
      `${missing} is missing: the local sign-in needs both LTC_STAGE_ORGANIZER_USERNAME and LTC_STAGE_ORGANIZER_PASSWORD.`,
    );
  }
  return { kind: 'local-sign-in', username, password };
}

const MARK: Record<CheckResult['outcome'], string> = {
  passed: 'ok  ',
  failed: 'FAIL',
  skipped: 'skip',
};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const baseUrl = new URL(options['base-url']);
  if (baseUrl.hostname === prod.domainName && !options['read-only']) {
    throw new UsageError(
      `${baseUrl.hostname} is production, where the stage suite only reads: add --read-only.`,
    );
  }
  const organizer = options['read-only'] ? undefined : organizerFrom(process.env);
  const webSocketUrl = options['ws-url'] === undefined ? undefined : new URL(options['ws-url']);

  process.stdout.write(
    `Stage suite against ${baseUrl.origin}${webSocketUrl === undefined ? '' : ` and ${webSocketUrl.href}`}${options['read-only'] ? ', read-only' : ''}${organizer === undefined ? '' : ', as an organizer'}\n`,
  );
  const results = await runStageSuite(
    { baseUrl, webSocketUrl, readOnly: options['read-only'], organizer },
    (result) => {
      process.stdout.write(`  ${MARK[result.outcome]}  ${result.name}: ${result.detail}\n`);
    },
  );

  const count = (outcome: CheckResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length;
  process.stdout.write(
    `Stage suite result: ${String(count('passed'))} checks passed, ${String(count('failed'))} failed, ${String(count('skipped'))} skipped\n`,
  );
  return count('failed') === 0 ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split('\n')[0] ?? message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
