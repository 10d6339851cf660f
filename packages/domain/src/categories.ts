/** The kinds of talk a lightning-talk night welcomes; anything goes, so `other` catches the rest. */
export const TALK_CATEGORIES = [
  'tech',
  'hobby',
  'learning',
  'travel',
  'food',
  'game',
  'lifehack',
  'pet',
  'garden',
  'money',
  'sports',
  'music',
  'other',
] as const;

export type TalkCategory = (typeof TALK_CATEGORIES)[number];
