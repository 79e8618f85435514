import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../web/router';

const origin = 'https://grassroots.example.cn';

describe('safeNextPath', () => {
  it.each([
    ['a page', '/t/42', '/t/42'],
    ['a page with query and hash', '/search?q=%E7%BE%A4%E4%BC%97#top', '/search?q=%E7%BE%A4%E4%BC%97#top'],
    ['a path with dot segments inside the site', '/visits/./12/../13', '/visits/13'],
    ['an encoded slash, which stays a path here', '/%2F%2Fevil.example/phish', '/%2F%2Fevil.example/phish'],
    ['an encoded backslash', '/%5Cevil.example', '/%5Cevil.example'],
  ])('keeps %s', (_name, next, expected) => {
    expect(safeNextPath(next, origin)).toBe(expected);
  });

  it.each([
    ['a protocol-relative URL', '//evil.example/phish'],
    ['a backslash after the slash', '/\\evil.example/phish'],
    ['a dot segment that normalises to two slashes', '/.//evil.example/phish'],
    ['a parent segment that normalises to two slashes', '/..//evil.example/phish'],
    ['a dot segment and a backslash', '/./\\evil.example'],
    ['a tab the URL parser drops', '/\t/evil.example'],
    ['a newline the URL parser drops', '/\n/evil.example'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['an absolute URL elsewhere', 'https://evil.example/phish'],
    ['an absolute URL with our host as a user name', 'https://grassroots.example.cn@evil.example/'],
    ['a bare host', 'evil.example'],
    ['a leading backslash', '\\\\evil.example'],
    ['a leading space', ' /t/1'],
    ['the API', '/api/me'],
    ['the API with a query', '/api?x=1'],
    ['the column pages the server renders', '/columns/qunzhong'],
    ['nothing', ''],
  ])('refuses %s', (_name, next) => {
    expect(safeNextPath(next, origin)).toBeNull();
  });

  it('refuses null and undefined', () => {
    expect(safeNextPath(null, origin)).toBeNull();
    expect(safeNextPath(undefined, origin)).toBeNull();
  });
});
