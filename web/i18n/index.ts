import type { MessageKey, Messages } from './zh-CN';

export type { MessageKey, Messages } from './zh-CN';

/** The interface languages, Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;

/** One of LOCALES. */
export type Locale = (typeof LOCALES)[number];

/** The language a first visit sees. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Where the chosen language is remembered between visits. */
export const LOCALE_STORAGE_KEY = 'gr.locale';

/**
 * What the shell says, in both languages at once, when the current language's messages
 * could not be loaded: the only text that cannot come from a catalogue.
 */
export const MESSAGES_FAILED: Readonly<Record<Locale, { readonly text: string; readonly reload: string }>> = {
  'zh-CN': { text: '页面没能加载：可能是网络中断了，也可能是网站刚刚更新。', reload: '重新加载' },
  en: { text: 'The page could not be loaded: the connection may have dropped, or the site has just been updated.', reload: 'Reload' },
};

/** Values for a message's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/*
 * Each language's messages are their own chunk, loaded when that language is first needed:
 * the current one at boot (main.ts), the other when the reader switches to it. The first
 * JavaScript a page loads so carries no messages it will not show.
 */
const loaders: Readonly<Record<Locale, () => Promise<Messages>>> = {
  'zh-CN': async () => (await import('./zh-CN')).zhCN,
  en: async () => (await import('./en')).en,
};

const catalogues: Partial<Record<Locale, Messages>> = {};
const loading = new Map<Locale, Promise<Messages>>();

const listeners = new Set<(locale: Locale) => void>();

let current: Locale = readStoredLocale();
/** The language last asked for with setLocale(): a slower, earlier switch does not win. */
let wanted: Locale = current;

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
 * Loads `locale`'s messages (once; a failed load is tried again on the next call) without
 * switching to it. Answers when t() can speak that language.
 */
export function loadMessages(locale: Locale): Promise<void> {
  if (catalogues[locale]) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale]().then(
      (messages) => {
        catalogues[locale] = messages;
        loading.delete(locale);
        return messages;
      },
      (err: unknown) => {
        loading.delete(locale);
        throw err;
      },
    );
    loading.set(locale, pending);
  }
  return pending.then(() => undefined);
}

/** Whether the current language's messages have arrived (the shell renders once they have). */
export function hasMessages(): boolean {
  return catalogues[current] !== undefined;
}

/**
 * Switches the interface language: loads its messages if this page has not yet, then (only
 * then, so nothing shows half switched) remembers it in localStorage (`gr.locale`), sets
 * `<html lang>` and tells every subscriber (LocaleController re-renders its element).
 * Rejects when the messages could not be loaded; the language stays as it was.
 */
export async function setLocale(locale: Locale): Promise<void> {
  wanted = locale;
  if (locale === current && catalogues[locale]) return;
  await loadMessages(locale);
  // Another switch was asked for while these messages loaded: that one decides.
  if (wanted !== locale || locale === current) return;
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
  // Before the messages arrive nothing renders text (the shell waits); the key is a last resort.
  const template = catalogues[current]?.[key] ?? key;
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
