import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import { REPOSITORY_ROOT } from '../support/start-process.js';
import { round } from './stats.js';

/** The built web app, as `npm run build:web` leaves it. */
export const WEB_DIST = join(REPOSITORY_ROOT, 'packages', 'web', 'dist');

/** The most JavaScript, gzipped, the first page may load before it can paint. */
export const FIRST_PAGE_JS_BUDGET_GZIP_BYTES = 120 * 1024;

export interface FirstPageFile {
  /** Path under the site's root, as index.html names it ("/assets/index-abc.js"). */
  readonly path: string;
  readonly kind: 'js' | 'css';
  /** How the page comes to load it: the entry, a preload, a static import, a stylesheet. */
  readonly loadedAs: 'entry' | 'modulepreload' | 'static import' | 'stylesheet';
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

export interface Sizes {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

export interface FirstPage {
  readonly files: readonly FirstPageFile[];
  readonly js: Sizes;
  readonly css: Sizes;
}

/** `import … from "./x.js"` and `import "./x.js"`, never `import("./x.js")` (loaded later). */
const STATIC_IMPORT = /\bimport\s*(?:[^()'"`;]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

function sizesOf(content: Buffer): Sizes {
  return {
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: 9 }).length,
    brotliBytes: brotliCompressSync(content).length,
  };
}

function total(files: readonly FirstPageFile[]): Sizes {
  return files.reduce(
    (sum, file) => ({
      bytes: sum.bytes + file.bytes,
      gzipBytes: sum.gzipBytes + file.gzipBytes,
      brotliBytes: sum.brotliBytes + file.brotliBytes,
    }),
    { bytes: 0, gzipBytes: 0, brotliBytes: 0 },
  );
}

/**
 * What the home page loads before its first paint, read from the built index.html: the entry
 * script, the modules it preloads and every module those import statically (followed through
 * the files, in case a build leaves a preload out), and the stylesheets. Chunks loaded with
 * `import()` come later, when a page needs them, and are not counted.
 */
export function measureFirstPage(dist = WEB_DIST): FirstPage {
  const indexHtml = join(dist, 'index.html');
  if (!existsSync(indexHtml)) {
    throw new Error(`${indexHtml} is missing: run \`npm run build:web\` first`);
  }
  const html = readFileSync(indexHtml, 'utf8');
  const files = new Map<string, FirstPageFile>();

  function add(path: string, loadedAs: FirstPageFile['loadedAs']) {
    if (files.has(path)) return;
    const content = readFileSync(join(dist, path));
    const kind = path.endsWith('.css') ? 'css' : 'js';
    files.set(path, { path, kind, loadedAs, ...sizesOf(content) });
    if (kind !== 'js') return;
    for (const match of content.toString('utf8').matchAll(STATIC_IMPORT)) {
      const imported = match[1];
      if (imported !== undefined) add(posix.join(dirname(path), imported), 'static import');
    }
  }

  for (const tag of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const element = tag[0];
    const url = /\b(?:src|href)="(\/[^"]+)"/.exec(element)?.[1];
    if (url === undefined) continue;
    if (tag[1] === 'script' && element.includes('type="module"')) add(url, 'entry');
    else if (element.includes('rel="modulepreload"')) add(url, 'modulepreload');
    else if (element.includes('rel="stylesheet"')) add(url, 'stylesheet');
  }

  const all = [...files.values()];
  return {
    files: all,
    js: total(all.filter((file) => file.kind === 'js')),
    css: total(all.filter((file) => file.kind === 'css')),
  };
}

const kb = (bytes: number) => round(bytes / 1024, 1);

/** Prints the first page's files and totals as tables, with the JavaScript budget. */
export function printFirstPage(firstPage: FirstPage): void {
  console.log('\nWeb app: what the home page loads before its first paint (packages/web/dist)\n');
  console.table(
    Object.fromEntries(
      firstPage.files.map((file) => [
        file.path,
        {
          'loaded as': file.loadedAs,
          KB: kb(file.bytes),
          'gzip KB': kb(file.gzipBytes),
          'brotli KB': kb(file.brotliBytes),
        },
      ]),
    ),
  );
  const within = firstPage.js.gzipBytes <= FIRST_PAGE_JS_BUDGET_GZIP_BYTES;
  console.table({
    'first-page JS': {
      KB: kb(firstPage.js.bytes),
      'gzip KB': kb(firstPage.js.gzipBytes),
      'brotli KB': kb(firstPage.js.brotliBytes),
      budget: `${kb(FIRST_PAGE_JS_BUDGET_GZIP_BYTES)} KB gzip: ${within ? 'within' : 'OVER'}`,
    },
    'first-page CSS': {
      KB: kb(firstPage.css.bytes),
      'gzip KB': kb(firstPage.css.gzipBytes),
      'brotli KB': kb(firstPage.css.brotliBytes),
      budget: '',
    },
  });
}
