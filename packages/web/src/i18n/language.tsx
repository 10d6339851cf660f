import {
  createContext,
  use,
  useCallback,
  useLayoutEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

import { en } from './messages-en.js';
import { ja, type Messages } from './messages-ja.js';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const dictionaries: Record<Language, Messages> = { ja, en };
const STORAGE_KEY = 'ltc.language';

/** What every component reads to speak the visitor's language. */
export interface I18n {
  language: Language;
  /** The messages of the current language. */
  t: Messages;
  setLanguage: (language: Language) => void;
  /** The BCP 47 locale given to `Intl` formatters. */
  locale: string;
}

const LanguageContext = createContext<I18n | null>(null);

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language === value);
}

/** Japanese unless the visitor chose English before (remembered in localStorage). */
function storedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : 'ja';
  } catch {
    // Storage can be switched off; the page still works in Japanese.
    return 'ja';
  }
}

/** Holds the chosen language, remembers it and keeps `<html lang>` in step with it. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  useLayoutEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits when storage is off; the switch still works for this one.
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({
      language,
      t: dictionaries[language],
      setLanguage,
      locale: language === 'ja' ? 'ja-JP' : 'en-US',
    }),
    [language, setLanguage],
  );

  return <LanguageContext value={value}>{children}</LanguageContext>;
}

/** The current language and its messages. */
export function useI18n(): I18n {
  const i18n = use(LanguageContext);
  if (i18n === null) throw new Error('useI18n must be used inside <LanguageProvider>');
  return i18n;
}
