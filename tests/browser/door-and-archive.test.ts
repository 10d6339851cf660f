import { readFile } from 'node:fs/promises';

import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { TestProduct } from '../support/product.js';
import { createEventOverHttp, PHONE, useBrowserSession } from '../support/browser.js';

/*
 * The archive of a finished night, the calendar links, and the organizer at the door: checking
 * people in on a phone and downloading the participant list. One finished event and one
 * upcoming event serve the whole file.
 */

const ARCHIVE_TITLE = 'アーカイブの夜 — 終わったLT会';
const DOOR_TITLE = '受付テストの夜';
const PERSON = '受付 花子';

let archive = { id: '' };
let door = { id: '' };

/** Sends one API call as the organizer; fails the run unless it answers `expected`. */
async function organizerCall(
  product: TestProduct,
  accessToken: string,
  method: string,
  path: string,
  body: unknown,
  expected = 200,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${product.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBe(expected);
  return (await response.json()) as Record<string, unknown>;
}

/** A finished night with two accepted talks, the later-accepted one first in the running order. */
async function prepareArchive(product: TestProduct) {
  const end = new Date(Date.now() - 86_400_000);
  const event = await createEventOverHttp(product, {
    title: ARCHIVE_TITLE,
    startsAt: new Date(end.getTime() - 2 * 3_600_000).toISOString(),
    endsAt: end.toISOString(),
  });
  const talkIds: string[] = [];
  for (const [n, slideUrl] of [
    [1, 'https://slides.example.com/first'],
    [2, 'https://slides.example.com/second'],
  ] as const) {
    const submitted = await organizerCall(
      product,
      event.accessToken,
      'POST',
      `/api/events/${event.id}/talks`,
      {
        title: `アーカイブのトーク ${n} <b>太字ではない</b>`,
        abstract: `${n}本目の概要です。`,
        category: 'tech',
        speakerName: `登壇者 ${n}`,
        speakerEmail: `archive-speaker${n}@example.com`,
        slideUrl,
      },
      201,
    );
    const talkId = (submitted.talk as { id: string }).id;
    talkIds.push(talkId);
    await organizerCall(
      product,
      event.accessToken,
      'POST',
      `/api/events/${event.id}/talks/${talkId}/review`,
      { decision: 'accepted' },
    );
  }
  await organizerCall(product, event.accessToken, 'PUT', `/api/events/${event.id}/running-order`, {
    talkIds: [...talkIds].reverse(),
  });
  for (const status of ['ongoing', 'completed']) {
    await organizerCall(product, event.accessToken, 'POST', `/api/events/${event.id}/status`, {
      status,
    });
  }
  return event;
}

/** An upcoming night with three onsite participants and one online. */
async function prepareDoor(product: TestProduct) {
  const event = await createEventOverHttp(product, { title: DOOR_TITLE, onsiteCapacity: 10 });
  const people = [
    { name: '佐藤 一郎', attendance: 'onsite' },
    { name: PERSON, attendance: 'onsite' },
    { name: '鈴木 三郎', attendance: 'onsite' },
    { name: 'オンライン 四郎', attendance: 'online' },
  ];
  for (const [index, person] of people.entries()) {
    const response = await fetch(`${product.baseUrl}/api/events/${event.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...person, email: `door${index}@example.com` }),
    });
    expect(response.status).toBe(201);
  }
  return event;
}

const { openPage, openSignedInPage } = useBrowserSession(async (product) => {
  [archive, door] = await Promise.all([prepareArchive(product), prepareDoor(product)]);
});

/** Clicks what `click` names and returns the download it starts. */
async function downloadOf(page: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return download;
}

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

describe('the archive of past events', () => {
  it('lists a finished night and shows its talks in running order with safe slide links', async () => {
    const page = await openPage();

    await page.goto('/past');
    await page.getByRole('link', { name: ARCHIVE_TITLE }).click();
    await page.getByRole('heading', { name: ARCHIVE_TITLE, level: 1 }).waitFor();
    const talks = page.locator('.talk-list > li');
    await talks.first().waitFor();
    const titles = await talks.locator('.card-title').allTextContents();
    const slides = talks.first().getByRole('link', { name: 'スライドを見る' });

    expect(new URL(page.url()).pathname).toBe(`/events/${archive.id}`);
    expect(titles).toEqual([
      'アーカイブのトーク 2 <b>太字ではない</b>',
      'アーカイブのトーク 1 <b>太字ではない</b>',
    ]);
    expect(await talks.first().textContent()).toContain('登壇者: 登壇者 2');
    expect(await talks.first().textContent()).toContain('2本目の概要です。');
    expect(await slides.getAttribute('href')).toBe('https://slides.example.com/second');
    expect(await slides.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await page.locator('.talk-list b').count()).toBe(0);
    expect(await page.getByText('このイベントは終了しました。').count()).toBe(1);
    expect(await page.locator('#register-heading').count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
  });
});

describe('the calendar links', () => {
  it('download the feed of every event from the home page', async () => {
    const page = await openPage();
    await page.goto('/');

    const download = await downloadOf(page, () =>
      page.getByRole('link', { name: 'すべてのイベントをカレンダーで購読する（iCal）' }).click(),
    );
    const text = (await bytesOf(download)).toString('utf8');

    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain(`UID:event-${door.id}@xn--6wym69a.com`);
    expect(text.replace(/\r\n /g, '')).toContain(`SUMMARY:${DOOR_TITLE}`);
  });

  it('download one event from its page, in English too', async () => {
    const page = await openPage({ language: 'en' });
    await page.goto(`/events/${door.id}`);

    const download = await downloadOf(page, () =>
      page.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    );
    const text = (await bytesOf(download)).toString('utf8');

    expect(download.suggestedFilename()).toBe(`ltc-${door.id}.ics`);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(text).toContain(`URL;VALUE=URI:${new URL(page.url()).origin}/events/${door.id}`);
  });
});

describe('the event page', () => {
  it('keeps the online link off the public page and shows it behind the private link', async () => {
    const page = await openPage({ language: 'en' });
    await page.goto(`/events/${door.id}`);
    const section = page.locator('section', { has: page.locator('#register-heading') });

    await section.getByLabel('Name', { exact: true }).fill('Online Viewer');
    await section.getByLabel('E-mail', { exact: true }).fill('viewer@example.com');
    await section.getByLabel('Online', { exact: true }).check();
    await section.getByRole('button', { name: 'Register', exact: true }).click();
    const outcome = section.locator('.outcome');
    await outcome.waitFor();
    const outcomeText = await outcome.textContent();
    const privateLink = (await outcome.locator('.private-link__url').textContent()) ?? '';
    await page.goto(privateLink);
    await page.getByRole('heading', { name: 'Your registration', level: 1 }).waitFor();
    const meeting = page.getByRole('link', { name: 'https://meet.example.com/browser-test' });
    await meeting.waitFor();

    expect(outcomeText).toContain('The online link is shown on the page of your private link');
    expect(outcomeText).not.toContain('meet.example.com');
    expect(await meeting.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('the organizer at the door', () => {
  it('finds a person by name at 360 px, checks them in, sees the count move, and undoes it', async () => {
    const page = await openSignedInPage();
    await page.goto(`/organizer/events/${door.id}`);
    const count = page.locator('.check-in-count');
    await count.getByText('Checked in: 0 of 3').waitFor();

    await page.getByLabel('Find by name or e-mail').fill('受付');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const checkInButton = page.getByRole('button', { name: `Check in ${PERSON}` });
    const box = await checkInButton.boundingBox();
    await checkInButton.click();
    await count.getByText('Checked in: 1 of 3').waitFor();
    await page.getByText(`${PERSON} is checked in.`).waitFor();
    const markedRow = await rows.first().textContent();
    await page.getByRole('button', { name: `Undo the check-in of ${PERSON}` }).click();
    await count.getByText('Checked in: 0 of 3').waitFor();

    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    expect(markedRow).toContain('✓ Checked in');
    expect(await page.getByRole('button', { name: `Check in ${PERSON}` }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Check in オンライン 四郎' }).count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
  });

  it('tells the organizer when nobody matches the filter', async () => {
    const page = await openSignedInPage();
    await page.goto(`/organizer/events/${door.id}`);

    await page.getByLabel('Find by name or e-mail').fill('該当なし');

    await page.getByText('No registration matches "該当なし".').waitFor();
  });

  it('downloads the registrations as CSV that starts with a BOM and has the Japanese names', async () => {
    const page = await openSignedInPage();
    await page.goto(`/organizer/events/${door.id}`);

    const download = await downloadOf(page, () =>
      page.getByRole('button', { name: 'Download CSV' }).click(),
    );
    const bytes = await bytesOf(download);
    const text = bytes.toString('utf8');

    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(download.suggestedFilename()).toMatch(/^registrations-\d{4}-\d{2}-\d{2}-\w+\.csv$/);
    expect(text.startsWith('\uFEFFName,E-mail,Attendance,Status,Waitlist position')).toBe(true);
    expect(text).toContain(`${PERSON},door1@example.com,Onsite,Confirmed`);
  });
});
