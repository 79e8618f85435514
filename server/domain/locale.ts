/**
 * The languages the campaign's and the boards' own names come in. Chinese is required and is
 * what every other language falls back to; English is optional.
 */

/** The languages of data names: Chinese (required) and English (optional). */
export const DATA_LOCALES = ['zh', 'en'] as const;
/** One of DATA_LOCALES. */
export type DataLocale = (typeof DATA_LOCALES)[number];

/** A name in each language, as editors see and set it: `en` is '' when there is none. */
export interface LocalisedText {
  zh: string;
  en: string;
}

/** The name for a reader of `locale`: the English one when there is one, else the Chinese. */
export function inLocale(names: LocalisedText, locale: DataLocale): string {
  return locale === 'en' && names.en.trim() !== '' ? names.en : names.zh;
}

/**
 * The reader's language from an Accept-Language header: the most preferred range that is
 * Chinese or English (q-values honoured, ties in the header's order); Chinese without one.
 */
export function localeFromAcceptLanguage(header: string | undefined): DataLocale {
  if (!header) return 'zh';
  const ranges = header.split(',').slice(0, 20).map((part, index) => {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
  });
  ranges.sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag, weight } of ranges) {
    if (weight <= 0) continue;
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh';
}
