import { zhCN, type MessageKey, type Messages } from './zh-CN';
import { en } from './en';

export type { MessageKey, Messages } from './zh-CN';

/** The interface languages, Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;

/** One of LOCALES. */
export type Locale = (typeof LOCALES)[number];

/** The language a first visit sees. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Where the chosen language is remembered between visits. */
export const LOCALE_STORAGE_KEY = 'gr.locale';

/** Values for a message's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

const catalogues: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en };

const listeners = new Set<(locale: Locale) => void>();

let current: Locale = readStoredLocale();

/** Is `value` one of the interface languages? */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    // Storage can be unavailable (privacy settings); the default language still works.
    return DEFAULT_LOCALE;
  }
}

/** The current interface language. */
export function getLocale(): Locale {
  return current;
}

/**
 * Switches the interface language: remembers it in localStorage (`gr.locale`), sets
 * `<html lang>` and tells every subscriber (LocaleController re-renders its element).
 */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered across visits, but switched for this one.
  }
  applyLocaleToDocument();
  for (const listener of [...listeners]) listener(locale);
}

/** Sets `<html lang>` to the current language; called at boot and on every switch. */
export function applyLocaleToDocument(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

/** Calls `listener` after every language switch; returns the function that unsubscribes. */
export function subscribeLocale(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * The message `key` in the current language, with `{name}` placeholders replaced by
 * `params` (numbers are formatted for the language).
 */
export function t(key: MessageKey, params?: MessageParams): string {
  const template = catalogues[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** A number formatted for the current language. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(current).format(value);
}

/** A date (or date and time) from an ISO 8601 string, formatted for the current language. */
export function formatDate(iso: string, style: 'date' | 'datetime' = 'date'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, {
    dateStyle: 'medium',
    ...(style === 'datetime' ? { timeStyle: 'short' } : {}),
  }).format(date);
}

/**
 * When something was saved, briefly: the time alone for today ("10:42"), the date and
 * time for another day.
 */
export function formatSavedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = new Date();
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return new Intl.DateTimeFormat(current, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
