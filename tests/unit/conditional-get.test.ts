import { describe, expect, it } from 'vitest';
import { isNotModified, lastModifiedHeader, noneMatchHits } from '../../server/lib/conditional-get';
import { escapeHtml, paragraphs } from '../../server/presenters/column-page.presenter';

describe('noneMatchHits', () => {
  it('matches the ETag weakly, in a list, and *', () => {
    expect(noneMatchHits('W/"abc"', 'W/"abc"')).toBe(true);
    expect(noneMatchHits('"abc"', 'W/"abc"')).toBe(true);
    expect(noneMatchHits('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(noneMatchHits('*', 'W/"abc"')).toBe(true);
    expect(noneMatchHits('W/"abd"', 'W/"abc"')).toBe(false);
    expect(noneMatchHits(undefined, 'W/"abc"')).toBe(false);
  });
});

describe('lastModifiedHeader', () => {
  it('names the last change\'s second once that second is over, and nothing before', () => {
    const change = new Date('2026-12-01T10:00:00.400Z');
    expect(lastModifiedHeader(change, new Date('2026-12-01T10:00:00.900Z'))).toBeNull();
    expect(lastModifiedHeader(change, new Date('2026-12-01T10:00:01.000Z'))).toBe('Tue, 01 Dec 2026 10:00:00 GMT');
  });
});

describe('isNotModified', () => {
  const sent = 'Tue, 01 Dec 2026 10:00:00 GMT';
  it('lets If-None-Match decide when it is sent, If-Modified-Since otherwise', () => {
    expect(isNotModified({ 'if-none-match': 'W/"a"' }, 'W/"a"', sent)).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"b"', 'if-modified-since': sent }, 'W/"a"', sent)).toBe(false);
    expect(isNotModified({ 'if-modified-since': sent }, 'W/"a"', sent)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Tue, 01 Dec 2026 09:59:59 GMT' }, 'W/"a"', sent)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'garbage' }, 'W/"a"', sent)).toBe(false);
    // No Last-Modified sent (its second is not over): If-Modified-Since cannot match.
    expect(isNotModified({ 'if-modified-since': sent }, 'W/"a"', null)).toBe(false);
  });
});

describe('escapeHtml and paragraphs', () => {
  it('escape markup and quotes, and make paragraphs of blank-line-separated text', () => {
    expect(escapeHtml('<a href="x">\'&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(paragraphs('一\n二\n\n<三>')).toBe('<p>一<br>二</p><p>&lt;三&gt;</p>');
    expect(paragraphs('  \n\n ')).toBe('');
  });
});
