import { t } from '../i18n';
import { PageCodeError } from '../router';
import { ApiError } from './client';

/**
 * The one sentence a person reads for a failure: the server's own message (already in the
 * interface's language, see the client's accept-language), or a localised generic sentence
 * when the server could not be reached or did not answer with the API.md error body.
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.body && err.body.message.trim() !== '') return err.body.message;
    if (err.isNetworkError) return t('error.network');
    if (err.status === 401) return t('error.unauthenticated');
    if (err.status === 403) return t('error.forbidden');
    if (err.status === 404) return t('error.notFound');
    if (err.status === 429) return t('error.rateLimited');
    if (err.status >= 500) return t('error.server');
    return t('error.unexpected');
  }
  if (err instanceof PageCodeError) return t('error.pageCode');
  return t('error.unexpected');
}

/**
 * Whether trying the same request again may help: the network, a server fault, a timeout
 * or a rate limit. A 404, a 403 or a 400 will answer the same, so no "try again" is offered.
 */
export function mayPassOnRetry(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.isNetworkError || err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
}
