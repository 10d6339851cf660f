import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import {
  createEventOverHttp,
  DESKTOP,
  PHONE,
  signInOverHttp,
  useBrowserSession,
} from '../support/browser.js';
import type { TestProduct } from '../support/product.js';

/*
 * Every page of the site, in both languages, at 360 px and at desktop width: no axe-core
 * violation of WCAG 2.2 AA, no sideways scrolling on a phone, and the keyboard checks axe
 * cannot make (a working skip link, a visible focus on every control, a form sent with the
 * keyboard alone). The home and event pages must not shift while their data arrives.
 */

/** WCAG 2.2 A and AA, and axe's best practices: heading order, landmarks, content in regions. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const LANGUAGES = ['ja', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

/** The events, talks and registrations of this run that the pages show. */
interface Fixture {
  readonly product: TestProduct;
  /** A hybrid event with an accepted and a pending talk, and two registrations. */
  readonly eventId: string;
  readonly registration: { readonly id: string; readonly manageToken: string };
  readonly talk: { readonly id: string; readonly manageToken: string };
  /** An ongoing event with a talk on stage, its timer running, an open and a closed poll. */
  readonly liveEventId: string;
}

/** One page of the site, in the state whose accessibility is checked. */
interface SitePage {
  readonly name: string;
  /** Where it is; an outcome page creates its own event, so each run starts with a free seat. */
  readonly path: (fixture: Fixture) => string | Promise<string>;
  /** What shows once the page has all its data: one selector, or several that must all show. */
  readonly ready: string | readonly string[];
  /** Opens the page with the demo organizer signed in. */
  readonly signedIn?: boolean;
  /** What a person does on the page, after `ready`, to reach the state checked. */
  readonly act?: (page: Page) => Promise<void>;
}

/**
 * The pages of the site. A new page joins every check below by adding a line here: where it
 * is, what shows it is loaded, and whether it needs the organizer.
 */
const SITE_PAGES: readonly SitePage[] = [
  { name: 'home (upcoming events)', path: () => '/', ready: '.event-card' },
  { name: 'past events', path: () => '/past', ready: '.event-card' },
  {
    name: 'event page with talks and the registration form',
    path: ({ eventId }) => `/events/${eventId}`,
    ready: '.talk-list',
  },
  {
    name: 'registration outcome, confirmed',
    path: async ({ product }) => `/events/${(await oneSeatEvent(product)).id}`,
    ready: '#register-heading',
    act: (page) => registerOnsite(page),
  },
  {
    name: 'registration outcome, waitlisted',
    path: async ({ product }) => {
      const event = await oneSeatEvent(product);
      await registerOverHttp(product, event.id, 'seat-taker');
      return `/events/${event.id}`;
    },
    ready: '#register-heading',
    act: (page) => registerOnsite(page),
  },
  {
    name: 'private page of a registration',
    path: ({ eventId, registration }) =>
      `/manage/registration/${eventId}/${registration.id}#token=${registration.manageToken}`,
    ready: '#cancel-heading',
  },
  {
    name: 'private page of a talk',
    path: ({ eventId, talk }) => `/manage/talk/${eventId}/${talk.id}#token=${talk.manageToken}`,
    ready: 'form',
  },
  { name: 'not found', path: () => '/no-such-page', ready: 'h1' },
  { name: 'organizer sign-in', path: () => '/organizer/sign-in', ready: 'form' },
  {
    name: 'organizer home',
    path: () => '/organizer',
    ready: [
      '.signed-in',
      '[aria-labelledby="upcoming-heading"] .event-card',
      '[aria-labelledby="past-heading"] .event-card',
    ],
    signedIn: true,
  },
  {
    name: 'live page of an ongoing night, with a talk on stage and polls',
    path: ({ liveEventId }) => `/events/${liveEventId}/live`,
    ready: ['.live-stage__speaker', '.poll__form', '.badge-poll-closed'],
  },
  {
    name: 'organizer event page with registrations and talk review',
    path: ({ eventId }) => `/organizer/events/${eventId}`,
    ready: ['.running-order li', 'tbody tr'],
    signedIn: true,
  },
];

/** The page of `SITE_PAGES` called `name`. */
function sitePageNamed(name: string): SitePage {
  const found = SITE_PAGES.find((sitePage) => sitePage.name === name);
  if (found === undefined) throw new Error(`no page is called ${name}`);
  return found;
}

const HOME = sitePageNamed('home (upcoming events)');
const EVENT_PAGE = sitePageNamed('event page with talks and the registration form');

const VIEWPORTS = [
  { name: '360 px', size: PHONE },
  { name: 'desktop', size: DESKTOP },
] as const;

let fixture: Fixture | undefined;
const { openPage } = useBrowserSession(async (product) => {
  fixture = await createFixture(product);
});

function currentFixture(): Fixture {
  if (fixture === undefined) throw new Error('the fixture was not created');
  return fixture;
}

async function postJson(product: TestProduct, path: string, body: unknown, accessToken?: string) {
  const response = await fetch(`${product.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
    },
    body: JSON.stringify(body),
  });
  expect(response.status, `POST ${path}`).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
}

async function registerOverHttp(product: TestProduct, eventId: string, who: string) {
  const body = { name: `参加者 ${who}`, email: `${who}@example.com`, attendance: 'onsite' };
  const created = (await postJson(product, `/api/events/${eventId}/registrations`, body)) as {
    registration: { id: string };
    manageToken: string;
  };
  return { id: created.registration.id, manageToken: created.manageToken };
}

async function submitTalkOverHttp(
  product: TestProduct,
  eventId: string,
  talk: { title: string; speaker: string },
) {
  const body = {
    title: talk.title,
    abstract: '五分で話す、ちょっとした工夫について。',
    category: 'tech',
    speakerName: `話す人 ${talk.speaker}`,
    speakerEmail: `${talk.speaker}@example.com`,
    slideUrl: 'https://slides.example.com/talk',
  };
  const created = (await postJson(product, `/api/events/${eventId}/talks`, body)) as {
    talk: { id: string };
    manageToken: string;
  };
  return { id: created.talk.id, manageToken: created.manageToken };
}

async function createFixture(product: TestProduct): Promise<Fixture> {
  const event = await createEventOverHttp(product, { title: 'アクセシビリティの夜' });
  const accepted = await submitTalkOverHttp(product, event.id, {
    title: '採択されたトーク',
    speaker: 'accepted-speaker',
  });
  const pending = await submitTalkOverHttp(product, event.id, {
    title: '審査を待つトーク — pending',
    speaker: 'pending-speaker',
  });
  await postJson(
    product,
    `/api/events/${event.id}/talks/${accepted.id}/review`,
    { decision: 'accepted' },
    event.accessToken,
  );
  const registration = await registerOverHttp(product, event.id, 'first');
  await registerOverHttp(product, event.id, 'second');
  return {
    product,
    eventId: event.id,
    registration,
    talk: pending,
    liveEventId: await createLiveNight(product),
  };
}

/** An ongoing night: a talk on stage with its timer running, one poll open and one closed. */
async function createLiveNight(product: TestProduct): Promise<string> {
  const event = await createEventOverHttp(product, { title: 'ライブの夜' });
  const token = event.accessToken;
  const talk = await submitTalkOverHttp(product, event.id, {
    title: 'ステージのトーク',
    speaker: 'live-speaker',
  });
  await postJson(
    product,
    `/api/events/${event.id}/talks/${talk.id}/review`,
    { decision: 'accepted' },
    token,
  );
  await postJson(product, `/api/events/${event.id}/status`, { status: 'ongoing' }, token);
  const response = await fetch(`${product.baseUrl}/api/events/${event.id}/live/current`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ talkId: talk.id }),
  });
  expect(response.status).toBe(200);
  await postJson(product, `/api/events/${event.id}/live/timer`, { action: 'start' }, token);
  for (const [question, close] of [
    ['今夜のベストトークは？', false],
    ['次回も来ますか？', true],
  ] as const) {
    const poll = await postJson(
      product,
      `/api/events/${event.id}/polls`,
      { question, options: ['はい', 'いいえ'] },
      token,
    );
    const pollId = String(poll.id);
    await postJson(product, `/api/events/${event.id}/polls/${pollId}/open`, {}, token);
    if (close) await postJson(product, `/api/events/${event.id}/polls/${pollId}/close`, {}, token);
  }
  return event.id;
}

function oneSeatEvent(product: TestProduct) {
  return createEventOverHttp(product, { title: '席がひとつの夜', onsiteCapacity: 1 });
}

/** Sends the event page's registration form for an onsite seat, by its ids (any language). */
async function registerOnsite(page: Page) {
  await page.locator('#name').fill('キーボード 太郎');
  await page.locator('#email').fill(`taro-${String(Date.now())}@example.com`);
  await page.locator('#attendance-onsite').check();
  await page.locator('#register-heading ~ form button[type="submit"]').click();
  await page.locator('.outcome').waitFor();
}

async function openSitePage(sitePage: SitePage, language: Language, viewport = PHONE) {
  const current = currentFixture();
  const session =
    sitePage.signedIn === true
      ? JSON.stringify({
          accessToken: await signInOverHttp(current.product.baseUrl, current.product.demoOrganizer),
          expiresAt: Date.now() + 3_600_000,
        })
      : undefined;
  const page = await openPage({
    viewport,
    ...(language === 'en' ? { language } : {}),
    ...(session === undefined
      ? {}
      : {
          initScript: `sessionStorage.setItem('ltc.organizer.session', ${JSON.stringify(session)});`,
        }),
  });
  await page.goto(await sitePage.path(current));
  for (const selector of [sitePage.ready].flat()) await page.locator(selector).first().waitFor();
  await sitePage.act?.(page);
  return page;
}

/** Each violation as one line: the rule, its impact and the elements, for a readable failure. */
function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'unknown'}): ${node.target.join(' ')} — ${node.failureSummary ?? ''}`,
    ),
  );
}

function documentWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

describe.each(LANGUAGES)('every page in %s', (language) => {
  describe.each(VIEWPORTS)('at $name', ({ size }) => {
    it.each(SITE_PAGES)(
      'has no axe violation and no sideways scrolling: $name',
      async (sitePage) => {
        const page = await openSitePage(sitePage, language, size);

        const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();

        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        expect(describeViolations(result.violations)).toEqual([]);
        if (size === PHONE) expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      },
    );
  });
});

/** What `focusOf` reports about the focused element. */
interface Focus {
  readonly tag: string;
  readonly id: string;
  readonly text: string;
  /** A focus outline at least 2 px wide is drawn around it. */
  readonly ringed: boolean;
  /** Some of it is inside the viewport. */
  readonly inView: boolean;
}

// Runs in the page (the tests have no DOM types, so it is given as text).
const FOCUS_SCRIPT = `(() => {
  const element = document.activeElement;
  if (element === null || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    text: element.textContent.trim().slice(0, 40),
    ringed: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    inView: box.bottom > 0 && box.top < window.innerHeight && box.width > 0,
  };
})()`;

/** Where the focus is, and whether a focus ring shows it; undefined on the page itself. */
async function focusOf(page: Page): Promise<Focus | undefined> {
  return (await page.evaluate<Focus | null>(FOCUS_SCRIPT)) ?? undefined;
}

async function isFocused(locator: Locator): Promise<boolean> {
  return (await locator.and(locator.page().locator(':focus')).count()) === 1;
}

describe('the keyboard', () => {
  it('reaches a visible skip link first, and the link moves focus past the header to the content', async () => {
    const page = await openSitePage(HOME, 'ja');

    await page.keyboard.press('Tab');
    const skipLink = await focusOf(page);
    await page.keyboard.press('Enter');
    const afterSkip = await focusOf(page);
    await page.keyboard.press('Tab');
    const next = await focusOf(page);

    expect(skipLink).toMatchObject({ tag: 'a', text: '本文へ移動', ringed: true, inView: true });
    expect(afterSkip?.id).toBe('main');
    expect(next?.tag).toBe('a');
    expect(await isFocused(page.locator('main a').first())).toBe(true);
  });

  it('shows a focus ring around every control of the event page that Tab reaches', async () => {
    const page = await openSitePage(EVENT_PAGE, 'en');
    const controls = await page
      .locator('a[href], button:not([disabled]), input:not([type="radio"]), textarea, select')
      .count();

    const seen: Focus[] = [];
    for (let step = 0; step < controls + 2; step++) {
      await page.keyboard.press('Tab');
      const focus = await focusOf(page);
      if (focus === undefined) break;
      seen.push(focus);
    }

    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((focus) => !focus.ringed || !focus.inView)).toEqual([]);
  });

  it('registers for an event with the keyboard alone and lands on the outcome', async () => {
    const current = currentFixture();
    const event = await oneSeatEvent(current.product);
    const page = await openPage({ language: 'en' });
    await page.goto(`/events/${event.id}`);
    await page.locator('#register-heading').waitFor();

    await page.locator('#name').focus();
    await page.keyboard.type('Keyboard User');
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard@example.com');
    // Into the attendance choices, none chosen yet: Tab stops on the first (onsite).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    const submit = await focusOf(page);
    await page.keyboard.press('Enter');
    await page.locator('.outcome').waitFor();

    expect(submit).toMatchObject({ tag: 'button', text: 'Register', ringed: true });
    expect(await isFocused(page.locator('.outcome__headline'))).toBe(true);
    expect(await page.locator('.outcome__headline').textContent()).toContain('Confirmed');
  });
});

/**
 * Sums the layout shifts of the page from its first paint, as Chrome reports them (the
 * Cumulative Layout Shift without session windows: an upper bound of the web-vitals figure).
 */
const RECORD_LAYOUT_SHIFTS = `
  window.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__layoutShift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
`;

describe('loading', () => {
  it.each([
    { name: 'home', sitePage: HOME },
    { name: 'event page', sitePage: EVENT_PAGE },
  ])('moves nothing on the $name while its data arrives', async ({ sitePage }) => {
    const current = currentFixture();
    // A slow API makes the loading state last, so any jump from it to the data is recorded.
    const page = await openPage({ initScript: RECORD_LAYOUT_SHIFTS });
    await page.route('**/api/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });

    await page.goto(await sitePage.path(current));
    for (const selector of [sitePage.ready].flat()) await page.locator(selector).first().waitFor();
    // Layout shifts are reported after the frame that shows them.
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)))',
    );

    expect(await page.evaluate('window.__layoutShift')).toBe(0);
  });
});
