import type { FastifyRequest } from 'fastify';
import { localeFromAcceptLanguage, type DataLocale } from '../domain/locale';

/**
 * The language a request reads the campaign's and the boards' names in: its Accept-Language
 * (the web app sends the language the reader chose and stored), Chinese when it names neither.
 */
export function readerLocale(request: FastifyRequest): DataLocale {
  const header = request.headers['accept-language'];
  return localeFromAcceptLanguage(typeof header === 'string' ? header : undefined);
}
