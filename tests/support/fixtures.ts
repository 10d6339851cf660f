import type { CreateEventInput, RegisterInput, SubmitTalkInput } from '@ltc/domain';

/** A valid hybrid event a week from now; override what a test is about. */
export function anEvent(overrides: Partial<CreateEventInput> = {}): CreateEventInput {
  const start = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const end = new Date(start.getTime() + 2 * 3600 * 1000);
  return {
    title: 'LT Night #42 テスト',
    description: '5分間のライトニングトーク。なんでもありです。',
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    timeZone: 'Asia/Tokyo',
    format: 'hybrid',
    venue: { name: '渋谷のコワーキングスペース', address: undefined },
    onsiteCapacity: 30,
    onlineUrl: 'https://meet.example.com/lt-night',
    registrationOpen: true,
    talkSubmissionOpen: true,
    talkLimit: 20,
    talkMinutes: 5,
    ...overrides,
  };
}

export function aRegistration(n: number, overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    name: `参加者 ${n}`,
    email: `person${n}@example.com`,
    attendance: 'onsite',
    ...overrides,
  };
}

export function aTalk(n: number, overrides: Partial<SubmitTalkInput> = {}): SubmitTalkInput {
  return {
    title: `トーク ${n}: 趣味の話`,
    abstract: '5分で話せる、ちょっとした発見について。',
    category: 'hobby',
    speakerName: `登壇者 ${n}`,
    speakerEmail: `speaker${n}@example.com`,
    ...overrides,
  };
}
