import { describe, expect, it } from 'vitest';
import { originAllowed, ownOrigins } from '../../server/realtime/handshake';

describe('ownOrigins', () => {
  it('holds PUBLIC_URL and, once listening on loopback, every loopback spelling of the port', () => {
    const own = ownOrigins('https://grassroots.example/app', '127.0.0.1', { port: 3000 });
    expect([...own].sort()).toEqual([
      'http://127.0.0.1:3000', 'http://[::1]:3000', 'http://localhost:3000', 'https://grassroots.example',
    ]);
  });

  it('holds only PUBLIC_URL before listening, and the host itself when it is not loopback', () => {
    expect([...ownOrigins('http://127.0.0.1:3000', '127.0.0.1', null)]).toEqual(['http://127.0.0.1:3000']);
    expect([...ownOrigins('https://a.example', '10.0.0.5', { port: 8080 })].sort()).toEqual(['http://10.0.0.5:8080', 'https://a.example']);
  });
});

describe('originAllowed', () => {
  it('accepts its own origins and clients that send none, and refuses other sites', () => {
    const own = new Set(['https://a.example']);
    expect(originAllowed('https://a.example', own)).toBe(true);
    expect(originAllowed(undefined, own)).toBe(true);
    expect(originAllowed('https://evil.example', own)).toBe(false);
    expect(originAllowed('null', own)).toBe(false);
  });
});
