import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { createEventOverHttp, useBrowserSession } from '../support/browser.js';

/*
 * One whole event night in real Chromium, against the product as `npm start` runs it: a seat
 * freed through a private link goes to the waitlist, a speaker submits a talk through the form,
 * the organizer reviews and orders the talks and runs the night from the live console, and two
 * people in separate browsers follow it on the live page, vote, see each other's votes arrive,
 * and one of them loses the connection and catches up when it comes back.
 */

/**
 * Keeps every WebSocket the page opens in `window.__ltcSockets`, so a test can drop them, and
 * adds up in `window.__ltcLayoutShift` the layout shifts that no input of the person caused.
 */
const TRACK_SOCKETS = `
  window.__ltcLayoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__ltcLayoutShift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const NativeWebSocket = window.WebSocket;
  window.__ltcSockets = [];
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      window.__ltcSockets.push(this);
    }
  };
`;

let night = { id: '', title: '', accessToken: '' };
const { running, openPage, openSignedInPage } = useBrowserSession(async (product) => {
  night = await createEventOverHttp(product, {
    title: 'ライブの夜 — 会場はひと席だけ',
    onsiteCapacity: 1,
  });
});

const SPEAKER_TALK = 'ぬか床と暮らす5分間';
const OTHER_TALK = 'Mechanical keyboards in five minutes';

function sectionOf(page: Page, headingId: string) {
  return page.locator('section', { has: page.locator(`#${headingId}`) });
}

async function registerOnsite(page: Page, name: string, email: string): Promise<string> {
  const form = sectionOf(page, 'register-heading');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('E-mail', { exact: true }).fill(email);
  await form.getByLabel('Onsite', { exact: true }).check();
  await form.getByRole('button', { name: 'Register', exact: true }).click();
  const link = form.locator('.outcome .private-link__url');
  await link.waitFor();
  return (await link.textContent()) ?? '';
}

/** The Accept button on the card of the talk titled `title`. */
function acceptButton(page: Page, title: string) {
  return page.locator('.card', { hasText: title }).getByRole('button', { name: /^Accept/ });
}

/** The live page of the night in a browser of its own, with its sockets tracked. */
async function openLivePage(): Promise<Page> {
  const page = await openPage({ language: 'en', initScript: TRACK_SOCKETS });
  await page.goto(`/events/${night.id}/live`);
  await followingLive(page);
  return page;
}

/** Waits until the live page shows the night; from then on its layout must stay put. */
async function followingLive(page: Page): Promise<void> {
  await page.getByText('Live: updates as they happen').waitFor();
  await page.getByRole('timer').waitFor();
  await page.evaluate('window.__ltcLayoutShift = 0');
}

/**
 * In-page script: votes again in the page's poll over a WebSocket of its own, with the voter
 * key the page stored, and resolves to the server's answer.
 */
function secondVoteScript(eventId: string): string {
  return `new Promise((resolve) => {
    const pollId = Object.keys(localStorage).find((key) => key.startsWith('ltc.vote.')).slice(9);
    const socket = new WebSocket('ws://' + location.host + '/ws');
    socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', eventId: ${JSON.stringify(eventId)} }));
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      if (frame.type === 'subscribed') {
        const voterKey = localStorage.getItem('ltc.voterKey');
        socket.send(JSON.stringify({ type: 'vote', pollId, optionId: 'o2', voterKey }));
      } else if (frame.type === 'error' || frame.type === 'voted') {
        socket.close();
        resolve(frame);
      }
    };
  })`;
}

/** Seconds on the page's countdown. */
async function countdownSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('timer').textContent()) ?? '';
  const [minutes = NaN, seconds = NaN] = text.split(':').map(Number);
  return minutes * 60 + seconds;
}

describe('an event night', () => {
  it('promotes the waitlisted person when the one seat is cancelled through its private link', async () => {
    const page = await openPage({ language: 'en' });
    await page.goto(`/events/${night.id}`);

    const firstLink = await registerOnsite(page, '一番目の参加者', 'night-first@example.com');
    await sectionOf(page, 'register-heading')
      .getByRole('button', { name: 'Register someone else' })
      .click();
    const secondLink = await registerOnsite(page, '二番目の参加者', 'night-second@example.com');
    await page.goto(secondLink);
    const waitingBadge = await page.locator('.facts .badge').textContent();
    await page.goto(firstLink);
    await page.getByRole('button', { name: 'Cancel registration' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText('Your registration was cancelled.').waitFor();
    await page.goto(secondLink);
    await page.locator('.facts .badge').waitFor();

    expect(waitingBadge).toBe('Waitlisted');
    expect(await page.locator('.facts .badge').textContent()).toBe('Confirmed');
  });

  it('takes a talk through the submission form', async () => {
    const page = await openPage({ language: 'en' });
    await page.goto(`/events/${night.id}`);
    const form = sectionOf(page, 'submit-heading');

    await form.getByLabel('Title', { exact: true }).fill(SPEAKER_TALK);
    await form.getByLabel('Abstract', { exact: true }).fill('毎日かき混ぜる話です。');
    await form.getByLabel('Category', { exact: true }).selectOption('food');
    await form.getByLabel('Speaker name', { exact: true }).fill('発酵 好子');
    await form.getByLabel('Speaker e-mail', { exact: true }).fill('speaker@example.com');
    await form.getByRole('button', { name: 'Submit talk' }).click();

    await form.getByText('Talk received. Status: awaiting review.').waitFor();
  });

  it('is run from the live console and followed live by two browsers that vote', async () => {
    const { baseUrl } = running().product;
    // A second talk, so that there is a running order to arrange.
    const other = await fetch(`${baseUrl}/api/events/${night.id}/talks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: OTHER_TALK,
        abstract: 'Switches, keycaps and why.',
        category: 'hobby',
        speakerName: 'Kei Board',
        speakerEmail: 'kei@example.com',
      }),
    });
    expect(other.status).toBe(201);

    // The organizer accepts both talks and puts the speaker's second, then first again.
    const organizer = await openSignedInPage();
    await organizer.goto(`/organizer/events/${night.id}`);
    await acceptButton(organizer, SPEAKER_TALK).click();
    await organizer.getByText(`"${SPEAKER_TALK}" is now accepted.`).waitFor();
    await acceptButton(organizer, OTHER_TALK).click();
    await organizer.getByText(`"${OTHER_TALK}" is now accepted.`).waitFor();
    await organizer.getByRole('button', { name: `Move "${OTHER_TALK}" up` }).click();
    await organizer.getByRole('button', { name: 'Save running order' }).click();
    await organizer.getByText('Running order saved.').waitFor();
    await organizer.getByRole('button', { name: 'Start the event (happening now)' }).click();
    await organizer.getByText('Status changed to "Happening now".').waitFor();

    const consoleSection = sectionOf(organizer, 'live-console-heading');
    const order = consoleSection.locator('.running-order li');
    await expect
      .poll(() => order.allTextContents())
      .toEqual([expect.stringContaining(OTHER_TALK), expect.stringContaining(SPEAKER_TALK)]);
    await consoleSection.getByRole('button', { name: 'Put the first talk on stage' }).click();
    await consoleSection.getByText(`"${OTHER_TALK}" is on stage.`).waitFor();
    await consoleSection.getByRole('button', { name: 'Start', exact: true }).click();
    await consoleSection.getByText('The timer started.').waitFor();
    const question = 'どのトークが一番よかった？';
    await consoleSection.getByLabel('Question').fill(question);
    await consoleSection.getByLabel('Option 1', { exact: true }).fill('キーボード');
    await consoleSection.getByLabel('Option 2', { exact: true }).fill('ぬか床');
    await consoleSection.getByRole('button', { name: 'Create poll' }).click();
    await consoleSection
      .locator('.poll', { hasText: question })
      .getByRole('button', { name: /^Open/ })
      .click();
    await consoleSection.getByText(`"${question}" is open for votes.`).waitFor();

    // Two people follow the night, one arriving through the event page's link.
    const [alice, bob] = await Promise.all([openLivePage(), openLivePage()]);
    await bob.goto(`/events/${night.id}`);
    await bob.getByRole('link', { name: /follow the running order/ }).click();
    await followingLive(bob);
    const onStage = await Promise.all(
      [alice, bob].map((page) => page.locator('.live-order [aria-current="true"]').textContent()),
    );
    const nextUp = await alice.locator('.live-stage__next').textContent();
    const before = await countdownSeconds(alice);
    await expect.poll(() => countdownSeconds(alice), { timeout: 5_000 }).toBeLessThan(before);

    expect(onStage.every((text) => text?.includes(OTHER_TALK))).toBe(true);
    expect(nextUp).toBe(`Up next: ${SPEAKER_TALK}`);
    expect(before).toBeLessThanOrEqual(300);
    expect(before).toBeGreaterThan(240);
    expect(await bob.getByRole('timer').getAttribute('aria-live')).toBeNull();

    // Both vote; each sees both votes without reloading.
    await alice.getByLabel('キーボード').check();
    await alice.getByRole('button', { name: 'Vote', exact: true }).click();
    await alice.getByText('You voted for "キーボード".').waitFor();
    await bob.getByLabel('ぬか床').check();
    await bob.getByRole('button', { name: 'Vote', exact: true }).click();
    await bob.getByText('You voted for "ぬか床".').waitFor();
    for (const page of [alice, bob]) {
      await page.locator('.poll-results__heading', { hasText: '(2 votes)' }).waitFor();
    }
    const aliceCounts = await alice.locator('.poll-results__count').allTextContents();
    await consoleSection.locator('.poll-results__heading', { hasText: '(2 votes)' }).waitFor();

    expect(aliceCounts).toEqual(['1 vote (50%)', '1 vote (50%)']);

    // The same browser cannot vote again: not after a reload, not with a hand-made message.
    await alice.reload();
    await alice.getByText('You voted for "キーボード".').waitFor();
    const voteButtons = await alice.getByRole('button', { name: 'Vote', exact: true }).count();
    const secondVote: unknown = await alice.evaluate(secondVoteScript(night.id));

    expect(voteButtons).toBe(0);
    expect(secondVote).toMatchObject({ type: 'error', code: 'already-voted' });
    expect(await bob.locator('.poll-results__heading').textContent()).toContain('(2 votes)');

    // Bob's connection drops; the next talk goes on stage meanwhile; he catches up on return.
    await bob.context().setOffline(true);
    await bob.evaluate('window.__ltcSockets.forEach((socket) => socket.close())');
    await bob.getByText('Connection lost. Reconnecting…').waitFor();
    await consoleSection.getByRole('button', { name: 'Next talk' }).click();
    await consoleSection.getByText(`"${SPEAKER_TALK}" is on stage.`).waitFor();
    await alice.locator('.live-stage__title', { hasText: SPEAKER_TALK }).waitFor();
    const bobWhileOffline = await bob.locator('.live-stage__title').textContent();
    const bobConnection = await bob.locator('.connection').textContent();
    await bob.context().setOffline(false);
    await bob.getByText('Live: updates as they happen').waitFor();
    await bob.locator('.live-stage__title', { hasText: SPEAKER_TALK }).waitFor();

    expect(bobWhileOffline).toBe(OTHER_TALK);
    expect(bobConnection).toBe('Connection lost. Reconnecting…');
    expect(await bob.locator('.live-order [aria-current="true"]').textContent()).toContain(
      SPEAKER_TALK,
    );
    expect(await bob.locator('.live-stage__next').textContent()).toBe('This is the last talk.');
    expect(await bob.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    // Ticks, votes of others and the next talk on stage moved nothing on the screen.
    expect(await bob.evaluate('window.__ltcLayoutShift')).toBeLessThan(0.01);
  }, 90_000);
});
