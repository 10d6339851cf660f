import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import {
  createEventOverHttp,
  DESKTOP,
  FAR_FROM_TOKYO,
  PHONE,
  useBrowserSession,
  dateInDays,
} from '../support/browser.js';

/*
 * The web app in a real browser, against the whole local product started as `npm start` starts
 * it: the public pages in both languages, registering and the private link, text typed by
 * people shown as text, and the organizer's sign-in, first event and registrations table.
 */

const REGISTRATIONS_REGION = '[role="region"][aria-label="Table of registrations"]';

/** An event of this run with one onsite seat, so that the second onsite registration waits. */
let oneSeatEvent = { id: '', title: '' };
const { running, openPage, openSignedInPage } = useBrowserSession(async (product) => {
  oneSeatEvent = await createEventOverHttp(product, {
    title: 'ブラウザテストの夜 — 会場はひと席だけ',
    onsiteCapacity: 1,
  });
});

function registerSection(page: Page) {
  return page.locator('section', { has: page.locator('#register-heading') });
}

/** Fills and sends the registration form of the open event page; returns the outcome box. */
async function register(page: Page, person: { name: string; email: string; attendance: string }) {
  const section = registerSection(page);
  await section.getByLabel('Name', { exact: true }).fill(person.name);
  await section.getByLabel('E-mail', { exact: true }).fill(person.email);
  await section.getByLabel(person.attendance, { exact: true }).check();
  await section.getByRole('button', { name: 'Register', exact: true }).click();
  const outcome = section.locator('.outcome');
  await outcome.waitFor();
  return outcome;
}

async function privateLinkOf(outcome: ReturnType<Page['locator']>): Promise<string> {
  return (await outcome.locator('.private-link__url').textContent()) ?? '';
}

/** Where `locator` is drawn, in CSS pixels from the top left of the page's viewport. */
async function edgesOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('the element is not drawn');
  return { left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height };
}

/**
 * The horizontal scrolling of the element `selector` finds: its CSS overflow, how far it is
 * scrolled, and how much of its width it hides.
 */
async function scrollingOf(page: Page, selector: string) {
  const element = `document.querySelector(${JSON.stringify(selector)})`;
  const [overflowX, scrollLeft, hiddenWidth] = await Promise.all([
    page.evaluate(`getComputedStyle(${element}).overflowX`),
    page.evaluate(`${element}.scrollLeft`),
    page.evaluate(`${element}.scrollWidth - ${element}.clientWidth`),
  ]);
  return { overflowX, scrollLeft: Number(scrollLeft), hiddenWidth: Number(hiddenWidth) };
}

/** The hour and minute of `iso` on a Tokyo clock, as the English pages write them ("7:05 PM"). */
function tokyoClock(iso: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Tokyo',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Text with every kind of space (Intl writes a narrow one before AM/PM) as a plain space. */
function plainSpaces(text: string | null): string {
  return (text ?? '').replace(/\s/g, ' ');
}

describe('the public pages', () => {
  it('lists the upcoming events in Japanese on the home page, within a 360 px screen', async () => {
    const page = await openPage();

    await page.goto('/');
    await page.getByRole('link', { name: oneSeatEvent.title }).waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('開催予定のイベント');
    expect(await page.locator('.event-card').count()).toBeGreaterThan(1);
    expect(await page.getByRole('link', { name: '過去のイベントを見る' }).count()).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
  });

  it('puts each event detail label above its value on a 360 px screen', async () => {
    const page = await openPage();

    await page.goto(`/events/${oneSeatEvent.id}`);
    const value = page.locator('.facts dd').first();
    await value.waitFor();
    const [label, shown] = await Promise.all([
      edgesOf(page.locator('.facts dt', { hasText: '日時' })),
      edgesOf(value),
    ]);

    expect(shown.left).toBe(label.left);
    expect(shown.top).toBeGreaterThanOrEqual(label.bottom);
    expect(shown.right - shown.left).toBeGreaterThan(PHONE.width - 60);
  });

  it('links an SVG favicon that the server sends as an image', async () => {
    const page = await openPage();

    await page.goto('/');
    const href = (await page.locator('link[rel="icon"]').getAttribute('href')) ?? '';
    const response = await fetch(new URL(href, running().product.baseUrl));

    expect(href).toBe('/favicon.svg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/svg+xml');
    expect(await response.text()).toContain('<svg');
  });

  it('switches to English with one click and remembers the choice', async () => {
    const page = await openPage();
    await page.goto('/');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Upcoming events', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Upcoming events', level: 1 }).waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: '日本語' }).count()).toBe(1);
  });
});

describe('registering for an event', () => {
  let confirmedLink = '';
  let waitlistedLink = '';

  it('confirms the first onsite seat, waitlists the next person, and gives each a private link', async () => {
    const page = await openPage({ language: 'en' });
    await page.goto('/');
    await page.getByRole('link', { name: oneSeatEvent.title }).click();
    await page.getByRole('heading', { name: oneSeatEvent.title, level: 1 }).waitFor();

    const first = await register(page, {
      name: '最初の参加者',
      email: 'first@example.com',
      attendance: 'Onsite',
    });
    confirmedLink = await privateLinkOf(first);
    const firstText = await first.textContent();
    await registerSection(page).getByRole('button', { name: 'Register someone else' }).click();
    const second = await register(page, {
      name: '二番目の参加者',
      email: 'second@example.com',
      attendance: 'Onsite',
    });
    waitlistedLink = await privateLinkOf(second);

    expect(firstText).toContain('Confirmed');
    expect(firstText).toContain('No e-mail is sent in this version');
    expect(confirmedLink).toMatch(
      new RegExp(`/manage/registration/${oneSeatEvent.id}/[^/#]+#token=.+`),
    );
    expect(await second.textContent()).toContain('Waitlisted — you are number 1 on the waitlist.');
    expect(waitlistedLink).not.toBe(confirmedLink);
  });

  it('tells a waitlisted person that cancelling leaves the waitlist, in both languages', async () => {
    const page = await openPage({ language: 'en' });
    const cancelBox = page.locator('section', { has: page.locator('#cancel-heading') });

    await page.goto(waitlistedLink);
    await cancelBox.waitFor();
    const english = await cancelBox.locator('p').first().textContent();
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { name: '参加をキャンセルする' }).waitFor();
    const japanese = await cancelBox.locator('p').first().textContent();

    expect(await page.locator('.facts .badge').textContent()).toBe('キャンセル待ち');
    expect(english).toContain('Cancelling takes you off the waitlist');
    expect(english).not.toContain('frees your seat');
    expect(japanese).toContain('キャンセルするとキャンセル待ちから外れ');
    expect(japanese).not.toContain('席が空き、');
  });

  it('shows when a person registered on the clock of the event, naming its zone', async () => {
    const page = await openPage({ language: 'en', timezoneId: FAR_FROM_TOKYO });
    const registered = page.locator('.facts div', { hasText: 'Registered' }).locator('time');

    await page.goto(waitlistedLink);
    await registered.waitFor();
    const createdAt = (await registered.getAttribute('datetime')) ?? '';

    expect(plainSpaces(await registered.textContent())).toContain(
      `${plainSpaces(tokyoClock(createdAt))} Japan Standard Time`,
    );
  });

  it('opens the private link, cancels after confirming, and the waitlisted person moves up', async () => {
    const page = await openPage({ language: 'en' });
    const requests: { url: string; token: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/')) {
        requests.push({ url: request.url(), token: request.headers()['x-manage-token'] });
      }
    });
    const tokens = [confirmedLink, waitlistedLink].map((link) =>
      new URL(link).hash.replace('#token=', ''),
    );

    await page.goto(confirmedLink);
    await page.getByText('Confirmed', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Cancel registration' }).click();
    await page.getByText('Do you really want to cancel?').waitFor();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText('Your registration was cancelled.').waitFor();
    const statusAfterCancel = await page.locator('.facts .badge').textContent();
    await page.goto(waitlistedLink);
    await page.locator('.facts .badge').waitFor();

    expect(statusAfterCancel).toBe('Cancelled');
    expect(await page.locator('.facts .badge').textContent()).toBe('Confirmed');
    const registrationCalls = requests.filter((request) => request.url.includes('/registrations/'));
    expect(registrationCalls.length).toBeGreaterThan(0);
    expect(registrationCalls.every((request) => tokens.includes(request.token ?? ''))).toBe(true);
    expect(
      requests.filter((request) => tokens.some((token) => request.url.includes(token))),
    ).toEqual([]);
  });

  it('shows a name written as a script tag as plain text', async () => {
    const page = await openPage({ language: 'en' });
    const name =
      '<script>window.__ltcInjected = 1</script><img src=x onerror="window.__ltcInjected = 2">';
    await page.goto(`/events/${oneSeatEvent.id}`);

    const outcome = await register(page, {
      name,
      email: 'mallory@example.com',
      attendance: 'Online',
    });
    await page.goto(await privateLinkOf(outcome));
    await page.locator('.facts').waitFor();

    expect(await page.locator('.facts dd', { hasText: '<script>' }).textContent()).toBe(name);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate('window.__ltcInjected')).toBeUndefined();
  });

  it('tells an online participant that cancelling gives up the online link, not a seat', async () => {
    const page = await openPage({ language: 'en' });
    await page.goto(`/events/${oneSeatEvent.id}`);

    const outcome = await register(page, {
      name: 'オンラインの参加者',
      email: 'online@example.com',
      attendance: 'Online',
    });
    await page.goto(await privateLinkOf(outcome));
    const cancelBox = page.locator('section', { has: page.locator('#cancel-heading') });
    await cancelBox.waitFor();
    const explanation = await cancelBox.locator('p').first().textContent();

    expect(explanation).toContain('withdraws your online registration');
    expect(explanation).not.toContain('seat');
  });
});

describe('the organizer', () => {
  it('is sent to sign in, signs in, and creates an event whose times are Tokyo times', async () => {
    const { baseUrl, demoOrganizer } = running().product;
    const page = await openPage({ language: 'en' });
    const day = dateInDays(40);
    const title = 'Browser test night, created in the UI';

    await page.goto('/organizer');
    await page.waitForURL('**/organizer/sign-in');
    await page.getByLabel('Username').fill(demoOrganizer.username);
    await page.getByLabel('Password').fill(demoOrganizer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${demoOrganizer.username}`).waitFor();
    const form = page.locator('section', { has: page.locator('#new-event-heading') });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Description').fill('Made by the browser test.');
    const starts = form.getByLabel('Starts (Japan Standard Time)', { exact: true });
    await starts.fill(`${day}T19:00`);
    await form.getByLabel('Ends (Japan Standard Time)', { exact: true }).fill(`${day}T21:00`);
    const startsLang = await starts.getAttribute('lang');
    await form.getByLabel('Venue name').fill('Test hall');
    await form.getByLabel('Onsite capacity').fill('12');
    await form.getByRole('button', { name: 'Create event' }).click();
    await page.waitForURL('**/organizer/events/*');
    await page.getByText('The event was created.').waitFor();
    const eventId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const created = (await (await fetch(`${baseUrl}/api/events/${eventId}`)).json()) as {
      title: string;
      startsAt: string;
      endsAt: string;
      timeZone: string;
      onsiteCapacity: number;
      talkLimit: number;
    };

    expect(startsLang).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
    expect(created).toMatchObject({
      title,
      timeZone: 'Asia/Tokyo',
      onsiteCapacity: 12,
      talkLimit: 20,
    });
    expect(Date.parse(created.startsAt)).toBe(Date.parse(`${day}T19:00:00+09:00`));
    expect(Date.parse(created.endsAt)).toBe(Date.parse(`${day}T21:00:00+09:00`));
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual(['ltc.language']);
  });

  it('shows the whole registrations table inside its card at 1280 px, with Tokyo times', async () => {
    const page = await openSignedInPage({ viewport: DESKTOP });

    await page.goto(`/organizer/events/${oneSeatEvent.id}`);
    const region = page.getByRole('region', { name: 'Table of registrations', exact: true });
    await region.locator('tbody tr').first().waitFor();
    const card = page.locator('section', { has: page.locator('#registrations-heading') });
    const [scroller, cardEdges, tableEdges] = await Promise.all([
      edgesOf(region),
      edgesOf(card),
      edgesOf(region.locator('table')),
    ]);
    const time = region.locator('tbody time').first();
    const createdAt = (await time.getAttribute('datetime')) ?? '';

    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(await scrollingOf(page, REGISTRATIONS_REGION)).toEqual({
      overflowX: 'auto',
      scrollLeft: 0,
      hiddenWidth: 0,
    });
    expect(scroller.left).toBeGreaterThanOrEqual(cardEdges.left);
    expect(scroller.right).toBeLessThanOrEqual(cardEdges.right);
    expect(tableEdges.right).toBeLessThanOrEqual(scroller.right + 0.5);
    expect(plainSpaces(await time.textContent())).toContain(
      `${plainSpaces(tokyoClock(createdAt))} Japan Standard Time`,
    );
  });

  it('keeps name, status and attendance in view at 360 px and scrolls the rest by keyboard', async () => {
    const page = await openSignedInPage();

    await page.goto(`/organizer/events/${oneSeatEvent.id}`);
    const region = page.getByRole('region', { name: 'Table of registrations', exact: true });
    await region.locator('tbody tr').first().waitFor();
    const headers = await region.locator('th').allTextContents();
    const [scroller, attendance] = await Promise.all([
      edgesOf(region),
      edgesOf(region.locator('th').nth(2)),
    ]);
    const before = await scrollingOf(page, REGISTRATIONS_REGION);
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await scrollingOf(page, REGISTRATIONS_REGION)).scrollLeft)
      .toBeGreaterThan(0);

    expect(headers.slice(0, 3)).toEqual(['Name', 'Status', 'Attendance']);
    expect(attendance.right).toBeLessThanOrEqual(scroller.right);
    expect(before).toMatchObject({ overflowX: 'auto', scrollLeft: 0 });
    expect(before.hiddenWidth).toBeGreaterThan(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
  });

  it('goes back to sign-in when the API turns the stored token down', async () => {
    const expiresAt = Date.now() + 3_600_000;
    const page = await openPage({
      language: 'en',
      initScript: `sessionStorage.setItem('ltc.organizer.session', JSON.stringify({ accessToken: 'not-a-token', expiresAt: ${expiresAt} }));`,
    });

    await page.goto('/organizer');
    await page.getByText('Your sign-in has expired. Please sign in again.').waitFor();

    expect(new URL(page.url()).pathname).toBe('/organizer/sign-in');
  });
});
