/**
 * `npm run bench:lighthouse`: Lighthouse's performance and accessibility scores of the event
 * page, on a phone with Lighthouse's default (simulated) throttling, against the whole product
 * as `npm start` runs it. Builds the web app, starts the product on a free loopback port with
 * an event of its own (talks included), runs Lighthouse on Debian's Chromium a few times and
 * prints each run and the median. Loopback only: Chromium's background services are off.
 *
 * Options: `--runs N` (default 3); `--report FILE` writes the median run's report (JSON when
 * FILE ends in .json, HTML otherwise).
 * Targets: performance at least 95, accessibility 100. Not part of `npm test`: a run takes
 * about 20 s, and its figures depend on how busy the machine is.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { startLocalProduct, type LocalProduct } from '@ltc/local';
import { launch } from 'chrome-launcher';
import lighthouse, { generateReport, type Result } from 'lighthouse';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { REPOSITORY_ROOT } from '../support/start-process.js';
import { percentile } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CHROMIUM_FLAGS = ['--headless=new', ...CHROMIUM_ARGS];

const TARGETS = { performance: 95, accessibility: 100 };

interface RunFigures {
  readonly performance: number;
  readonly accessibility: number;
  readonly fcpMs: number;
  readonly lcpMs: number;
  readonly cls: number;
  readonly tbtMs: number;
  readonly speedIndexMs: number;
}

async function postJson(
  product: LocalProduct,
  path: string,
  body: unknown,
  accessToken?: string,
): Promise<unknown> {
  const response = await fetch(`${product.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${String(response.status)}`);
  return response.json();
}

/** An upcoming hybrid event with two accepted talks, created as the demo organizer. */
async function createEvent(product: LocalProduct): Promise<string> {
  const { accessToken } = (await postJson(
    product,
    '/local-auth/sign-in',
    product.demoOrganizer,
  )) as { accessToken: string };
  const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { id } = (await postJson(
    product,
    '/api/events',
    {
      title: 'Lighthouse の夜 — 5分で話す',
      description: 'なんでもありのライトニングトーク。\n初めての方も歓迎します。',
      startsAt: `${day}T19:00:00+09:00`,
      endsAt: `${day}T21:00:00+09:00`,
      timeZone: 'Asia/Tokyo',
      format: 'hybrid',
      venue: { name: '渋谷の会議室', address: '東京都渋谷区' },
      onsiteCapacity: 30,
      onlineUrl: 'https://meet.example.com/lighthouse',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 20,
      talkMinutes: 5,
    },
    accessToken,
  )) as { id: string };
  for (const [index, title] of ['家庭菜園で学んだ失敗', 'Rust で作る小さなゲーム'].entries()) {
    const { talk } = (await postJson(product, `/api/events/${id}/talks`, {
      title,
      abstract: '五分間で、やってみて分かったことを話します。',
      category: index === 0 ? 'garden' : 'game',
      speakerName: `話す人 ${String(index + 1)}`,
      speakerEmail: `speaker-${String(index + 1)}@example.com`,
    })) as { talk: { id: string } };
    await postJson(
      product,
      `/api/events/${id}/talks/${talk.id}/review`,
      { decision: 'accepted' },
      accessToken,
    );
  }
  return id;
}

function figuresOf(result: Result): RunFigures {
  const score = (category: string) => Math.round((result.categories[category]?.score ?? 0) * 100);
  const value = (audit: string) => result.audits[audit]?.numericValue ?? Number.NaN;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    fcpMs: Math.round(value('first-contentful-paint')),
    lcpMs: Math.round(value('largest-contentful-paint')),
    cls: Math.round(value('cumulative-layout-shift') * 1000) / 1000,
    tbtMs: Math.round(value('total-blocking-time')),
    speedIndexMs: Math.round(value('speed-index')),
  };
}

/** The audits that cost points, for a failed target to say where to look. */
function shortfalls(result: Result): string[] {
  const ids = ['performance', 'accessibility'].flatMap(
    (category) => result.categories[category]?.auditRefs.map((ref) => ref.id) ?? [],
  );
  return ids.flatMap((id) => {
    const audit = result.audits[id];
    if (audit?.score === null || audit?.score === undefined || audit.score >= 0.9) return [];
    return [`${audit.id} (${String(Math.round(audit.score * 100))}): ${audit.displayValue ?? ''}`];
  });
}

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, report: { type: 'string' } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs must be a whole number of at least 1, got: ${values.runs}`);
  }

  const build = spawnSync('npm', ['run', 'build:web', '--silent', '--', '--logLevel=warn'], {
    cwd: REPOSITORY_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('npm run build:web failed: see its output above');
  const product = await startLocalProduct({ port: 0, logLevel: 'SILENT' });
  const chromium = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });

  try {
    const url = `${product.url}/events/${await createEvent(product)}`;
    const results: Result[] = [];
    for (let run = 1; run <= runs; run++) {
      const answer = await lighthouse(url, {
        port: chromium.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        disableFullPageScreenshot: true,
      });
      if (answer === undefined) throw new Error('Lighthouse returned no result');
      if (answer.lhr.runtimeError !== undefined) {
        throw new Error(`Lighthouse failed: ${answer.lhr.runtimeError.message}`);
      }
      results.push(answer.lhr);
      console.log(`run ${String(run)}/${String(runs)}:`, figuresOf(answer.lhr));
    }

    const figures = results.map(figuresOf);
    const median = (pick: (run: RunFigures) => number) => percentile(figures.map(pick), 50);
    const medianRun =
      results[figures.findIndex((run) => run.performance === median((r) => r.performance))];
    console.log(
      `\nLighthouse ${results[0]?.lighthouseVersion ?? ''}, mobile, event page: median of ${String(runs)}\n`,
    );
    console.table({
      'performance score': {
        median: median((r) => r.performance),
        target: `≥ ${String(TARGETS.performance)}`,
      },
      'accessibility score': {
        median: median((r) => r.accessibility),
        target: String(TARGETS.accessibility),
      },
      'First Contentful Paint (ms)': { median: median((r) => r.fcpMs), target: '' },
      'Largest Contentful Paint (ms)': { median: median((r) => r.lcpMs), target: '' },
      'Cumulative Layout Shift': { median: median((r) => r.cls), target: '' },
      'Total Blocking Time (ms)': { median: median((r) => r.tbtMs), target: '' },
      'Speed Index (ms)': { median: median((r) => r.speedIndexMs), target: '' },
    });
    if (medianRun !== undefined) {
      const missed = shortfalls(medianRun);
      if (missed.length > 0) console.log(`Audits below 90:\n  ${missed.join('\n  ')}`);
      if (values.report !== undefined) {
        writeFileSync(
          values.report,
          generateReport(medianRun, values.report.endsWith('.json') ? 'json' : 'html'),
        );
        console.log(`Report written to ${values.report}`);
      }
    }
  } finally {
    chromium.kill();
    await product.stop();
  }
}

await main();
