import { describe, expect, it } from 'vitest';
import { inLocale, localeFromAcceptLanguage } from '../../server/domain/locale';

describe('localeFromAcceptLanguage', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-CN', 'zh'],
    ['zh-TW,en;q=0.5', 'zh'],
    ['en;q=0.3,zh-CN;q=0.8', 'zh'],
    ['fr-FR,en;q=0.6', 'en'],
    ['fr-FR', 'zh'],
    ['en;q=0,zh;q=0.1', 'zh'],
    ['english', 'zh'],
    ['*', 'zh'],
  ])('reads %j as %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

describe('inLocale', () => {
  it('gives the English name to English readers, and the Chinese one without an English name', () => {
    expect(inLocale({ zh: '大学习', en: 'Great Study' }, 'en')).toBe('Great Study');
    expect(inLocale({ zh: '大学习', en: 'Great Study' }, 'zh')).toBe('大学习');
    expect(inLocale({ zh: '大学习', en: '' }, 'en')).toBe('大学习');
    expect(inLocale({ zh: '大学习', en: '   ' }, 'en')).toBe('大学习');
  });
});
