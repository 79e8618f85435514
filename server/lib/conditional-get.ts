/*
 * Conditional GET (RFC 9110 §13) for answers that know their ETag and last change: the
 * column pages and feed. If-None-Match decides when the request sends it; If-Modified-Since
 * only when it does not.
 *
 * HTTP dates count whole seconds. A Last-Modified naming the current second could be followed
 * by another change within that same second, which a later If-Modified-Since of that second
 * would not see; so Last-Modified is sent only once its second is over (as Apache does).
 */

/** Does an If-None-Match header name this ETag (weakly, as GET compares), or `*`? */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const own = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === own);
}

/** The Last-Modified to send for a last change, or null while its second is not over yet. */
export function lastModifiedHeader(lastModified: Date, now: Date): string | null {
  const second = Math.floor(lastModified.getTime() / 1000) * 1000;
  if (second + 1000 > now.getTime()) return null;
  return new Date(second).toUTCString();
}

/**
 * Whether the request's validators say the reader's copy is current: its If-None-Match names
 * the ETag, or (without If-None-Match) its If-Modified-Since is no earlier than the last change
 * (`lastModifiedSent` is the header this answer sends, null when it sends none).
 */
export function isNotModified(
  headers: { 'if-none-match'?: string | string[] | undefined; 'if-modified-since'?: string | string[] | undefined },
  etag: string,
  lastModifiedSent: string | null,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return noneMatchHits(Array.isArray(inm) ? inm.join(',') : inm, etag);
  const ims = headers['if-modified-since'];
  if (typeof ims !== 'string' || lastModifiedSent === null) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  return Date.parse(lastModifiedSent) <= since;
}
