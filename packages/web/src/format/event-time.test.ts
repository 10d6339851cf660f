import { describe, expect, it } from 'vitest';

import { formatEventSpan, formatInstant, timeZoneName } from './event-time.js';

describe('timeZoneName', () => {
  it('names a zone the same way in Japanese and English', () => {
    expect(timeZoneName('Asia/Tokyo', 'ja-JP')).toBe('日本標準時');
    expect(timeZoneName('Asia/Tokyo', 'en-US')).toBe('Japan Standard Time');
    expect(timeZoneName('America/New_York', 'en-US')).toBe('Eastern Time');
  });

  it('falls back to the zone id when the zone is unknown', () => {
    expect(timeZoneName('Mars/Olympus_Mons', 'en-US')).toBe('Mars/Olympus_Mons');
  });
});

describe('formatEventSpan', () => {
  it('shows the span on the wall clock of the event zone, with the zone name', () => {
    const span = formatEventSpan(
      '2026-12-18T10:00:00Z',
      '2026-12-18T12:00:00Z',
      'Asia/Tokyo',
      'en-US',
    );

    expect(span).toMatch(/^Fri, Dec 18, 2026, 7:00\s–\s9:00\sPM Japan Standard Time$/);
  });

  it('ends with the same zone name in Japanese', () => {
    const span = formatEventSpan(
      '2026-12-18T10:00:00Z',
      '2026-12-18T12:00:00Z',
      'Asia/Tokyo',
      'ja-JP',
    );

    expect(span).toMatch(/^2026\/12\/18\(金\) 19時00分～21時00分 日本標準時$/);
  });
});

describe('formatInstant', () => {
  it('shows a registration time in the event zone, not the zone of the browser', () => {
    const tokyo = formatInstant('2026-12-04T17:58:54Z', 'en-US', 'Asia/Tokyo');
    const newYork = formatInstant('2026-12-04T17:58:54Z', 'en-US', 'America/New_York');

    expect(tokyo).toMatch(/^Dec 5, 2026, 2:58\sAM Japan Standard Time$/);
    expect(newYork).toMatch(/^Dec 4, 2026, 12:58\sPM Eastern Time$/);
  });

  it('names the zone it fell back to when the event zone is unknown', () => {
    const fallback = new Intl.DateTimeFormat('ja-JP').resolvedOptions().timeZone;

    const shown = formatInstant('2026-12-04T17:58:54Z', 'ja-JP', 'Mars/Olympus_Mons');

    expect(shown.endsWith(timeZoneName(fallback, 'ja-JP'))).toBe(true);
  });

  it('returns text that is not a time unchanged', () => {
    expect(formatInstant('yesterday', 'en-US', 'Asia/Tokyo')).toBe('yesterday');
  });
});
