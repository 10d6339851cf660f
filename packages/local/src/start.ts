/**
 * `npm start`: runs Lightning Talk Circle on this machine with no AWS account.
 *
 * Settings (environment variables):
 * - PORT: HTTP port on 127.0.0.1 (default 3000)
 * - LTC_DATA_DIR: folder for the local database and sign-in key (default .ltc-data in the repository)
 * - LTC_LOG_LEVEL: DEBUG, INFO, WARN, ERROR or SILENT for the API request log (default INFO)
 */
import { join } from 'node:path';

import { z } from 'zod';

import { WEB_DIST_DIR, startLocalProduct } from './product.js';

const startedAt = performance.now();
// The AWS SDK warns on every start that its releases after early 2027 need Node 22. The
// lockfile pins a release that runs on Node 20; the README says so once, instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const repositoryRoot = join(WEB_DIST_DIR, '..', '..', '..');

const settings = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    LTC_DATA_DIR: z.string().min(1).default(join(repositoryRoot, '.ltc-data')),
    LTC_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  })
  .safeParse(process.env);

if (!settings.success) {
  for (const issue of settings.error.issues) {
    console.error(`Setting ${issue.path.join('.')} is not valid: ${issue.message}`);
  }
  console.error('Fix the environment variable and run `npm start` again.');
  process.exit(2);
}

const { PORT, LTC_DATA_DIR, LTC_LOG_LEVEL } = settings.data;

try {
  const product = await startLocalProduct({
    port: PORT,
    dataDir: LTC_DATA_DIR,
    logLevel: LTC_LOG_LEVEL,
  });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const seeded = product.seeded;

  console.log('');
  console.log(`Lightning Talk Circle is running at ${product.url}  (ready in ${seconds} s)`);
  console.log(`  API:             ${product.url}/api  (OpenAPI: ${product.url}/api/openapi.json)`);
  console.log(`  Live updates:    ${product.webSocketUrl}  (WebSocket)`);
  console.log(
    `  Data:            ${LTC_DATA_DIR}  (DynamoDB Local at ${product.dynamoDbEndpoint})`,
  );
  if (seeded !== undefined) {
    console.log(
      `  Demo data:       seeded ${seeded.events} events, ${seeded.talks} talks, ${seeded.registrations} registrations`,
    );
  }
  console.log(
    `  Organizer login: ${product.url}/organizer/sign-in  user "${product.demoOrganizer.username}", password "${product.demoOrganizer.password}"`,
  );
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    void product.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
} catch (error) {
  console.error(
    `Lightning Talk Circle could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
