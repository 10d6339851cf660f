import { describe, expect, it } from 'vitest';

import { isoToZonedLocal, zonedLocalToIso } from './zoned-time.js';

describe('zonedLocalToIso', () => {
  it('reads a wall-clock time in Tokyo with the +09:00 offset', () => {
    expect(zonedLocalToIso('2026-12-18T19:00', 'Asia/Tokyo')).toBe('2026-12-18T19:00:00+09:00');
  });

  it('uses the summer offset of a zone with daylight saving', () => {
    expect(zonedLocalToIso('2026-07-01T10:30', 'America/New_York')).toBe(
      '2026-07-01T10:30:00-04:00',
    );
    expect(zonedLocalToIso('2026-01-15T10:30', 'America/New_York')).toBe(
      '2026-01-15T10:30:00-05:00',
    );
  });

  it('moves a time skipped by daylight saving to a real instant', () => {
    const iso = zonedLocalToIso('2026-03-08T02:30', 'America/New_York');

    expect(iso).toBe('2026-03-08T03:30:00-04:00');
  });

  it('refuses text that is not a datetime-local value or a zone the browser does not know', () => {
    expect(zonedLocalToIso('18/12/2026 19:00', 'Asia/Tokyo')).toBeUndefined();
    expect(zonedLocalToIso('2026-12-18T19:00', 'Mars/Olympus_Mons')).toBeUndefined();
  });
});

describe('isoToZonedLocal', () => {
  it('shows an instant on the wall clock of the event zone, not the browser zone', () => {
    expect(isoToZonedLocal('2026-12-18T10:00:00Z', 'Asia/Tokyo')).toBe('2026-12-18T19:00');
  });

  it('round-trips with zonedLocalToIso', () => {
    const iso = zonedLocalToIso('2026-10-25T01:15', 'Europe/London') ?? '';

    expect(isoToZonedLocal(iso, 'Europe/London')).toBe('2026-10-25T01:15');
  });
});
