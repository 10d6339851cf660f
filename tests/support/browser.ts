import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { startProduct, type TestProduct } from './product.js';

/*
 * What every browser test file shares: Debian's Chromium driven by Playwright against the whole
 * local product, as `npm start` runs it, with a fresh profile per page and no uncaught page
 * error allowed. Pages are 360 px wide, the narrowest phone the site supports, unless a test
 * asks for a desktop screen.
 */

export const PHONE = { width: 360, height: 800 };
export const DESKTOP = { width: 1280, height: 800 };
/** A browser far from the events' Tokyo, so that a time shown in the browser's zone shows. */
export const FAR_FROM_TOKYO = 'America/New_York';

export interface PageOptions {
  readonly language?: 'en';
  readonly initScript?: string;
  readonly viewport?: { width: number; height: number };
  readonly timezoneId?: string;
}

export interface BrowserSession {
  /** The running product and browser; throws when `beforeAll` has not finished. */
  readonly running: () => { product: TestProduct; browser: Browser };
  /** A fresh browser profile (no stored language, no session) with one page in it. */
  readonly openPage: (options?: PageOptions) => Promise<Page>;
  /** A page where the demo organizer is already signed in, as after the sign-in form. */
  readonly openSignedInPage: (options?: Pick<PageOptions, 'viewport'>) => Promise<Page>;
}

/**
 * Registers the hooks of a browser test file: starts the product and Chromium before the
 * tests, closes every page's profile after each test and fails it on an uncaught page error,
 * and stops both at the end. `prepare` runs once both are up.
 */
export function useBrowserSession(
  prepare?: (product: TestProduct) => Promise<void>,
  /** How to start the product, read when `beforeAll` runs; the default is as `npm start`. */
  productOptions: () => Parameters<typeof startProduct>[0] = () => ({}),
): BrowserSession {
  let product: TestProduct | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [product, browser] = await Promise.all([
      startProduct(productOptions()),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] }),
    ]);
    await prepare?.(product);
  }, 120_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  function running() {
    if (product === undefined || browser === undefined) throw new Error('beforeAll did not finish');
    return { product, browser };
  }

  async function openPage(options: PageOptions = {}): Promise<Page> {
    const context = await running().browser.newContext({
      viewport: options.viewport ?? PHONE,
      baseURL: running().product.baseUrl,
      ...(options.timezoneId === undefined ? {} : { timezoneId: options.timezoneId }),
    });
    contexts.push(context);
    if (options.language === 'en') {
      await context.addInitScript({ content: "localStorage.setItem('ltc.language', 'en');" });
    }
    if (options.initScript !== undefined) {
      await context.addInitScript({ content: options.initScript });
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  async function openSignedInPage(options: Pick<PageOptions, 'viewport'> = {}): Promise<Page> {
    const { baseUrl, demoOrganizer } = running().product;
    const accessToken = await signInOverHttp(baseUrl, demoOrganizer);
    const session = JSON.stringify({ accessToken, expiresAt: Date.now() + 3_600_000 });
    return openPage({
      language: 'en',
      timezoneId: FAR_FROM_TOKYO,
      initScript: `sessionStorage.setItem('ltc.organizer.session', ${JSON.stringify(session)});`,
      ...options,
    });
  }

  return { running, openPage, openSignedInPage };
}

/** Signs the demo organizer in through the local issuer; returns the access token. */
export async function signInOverHttp(
  baseUrl: string,
  credentials: TestProduct['demoOrganizer'],
): Promise<string> {
  const response = await fetch(`${baseUrl}/local-auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A date `days` from now as `YYYY-MM-DD`, for datetime-local inputs and Tokyo offsets. */
export function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Creates an event as the demo organizer over the API; `overrides` change the defaults. */
export async function createEventOverHttp(
  product: TestProduct,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; title: string; accessToken: string }> {
  const accessToken = await signInOverHttp(product.baseUrl, product.demoOrganizer);
  const day = dateInDays(10);
  const body = {
    title: 'ブラウザテストの夜',
    description: 'ブラウザテスト用のイベントです。',
    startsAt: `${day}T19:00:00+09:00`,
    endsAt: `${day}T21:00:00+09:00`,
    timeZone: 'Asia/Tokyo',
    format: 'hybrid',
    venue: { name: 'テスト会場' },
    onsiteCapacity: 30,
    onlineUrl: 'https://meet.example.com/browser-test',
    registrationOpen: true,
    talkSubmissionOpen: true,
    talkLimit: 20,
    talkMinutes: 5,
    ...overrides,
  };
  const response = await fetch(`${product.baseUrl}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { id: string };
  return { id: created.id, title: body.title, accessToken };
}
