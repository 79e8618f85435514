import { describe, expect, it } from 'vitest';
import { firstUploadIn, parseUploadUrl, thumbnailUrl, uploadUrl, uploadsIn } from '../../server/domain/uploads';

const A = 'a'.repeat(64);
const B = '0123456789abcdef'.repeat(4);

describe('upload references (server/domain/uploads)', () => {
  it('names a stored image and its thumbnail by content hash', () => {
    expect(uploadUrl(A, 'webp')).toBe(`/uploads/${A}.webp`);
    expect(thumbnailUrl(A, 'jpg')).toBe(`/uploads/${A}.thumb.jpg`);
  });

  it('parses our own upload paths and nothing else', () => {
    expect(parseUploadUrl(`/uploads/${A}.thumb.png`)).toEqual({ hash: A, url: `/uploads/${A}.png`, thumbnailUrl: `/uploads/${A}.thumb.png` });
    expect(parseUploadUrl(`https://evil.example/uploads/${A}.png`)).toBeNull();
    expect(parseUploadUrl(`/uploads/${A}.svg`)).toBeNull();
    expect(parseUploadUrl(`/uploads/${A.slice(1)}.png`)).toBeNull();
    expect(parseUploadUrl(`/uploads/${A}.png?x=1`)).toBeNull();
    expect(parseUploadUrl(`/uploads/../${A}.png`)).toBeNull();
  });

  it('finds every upload a post refers to, once each and in order, and the first as its photo', () => {
    const body = `村口 ![](/uploads/${B}.jpg) 和 ![](/uploads/${A}.webp)，再次 ![](/uploads/${B}.thumb.jpg)`;
    expect(uploadsIn(body).map((ref) => ref.hash)).toEqual([B, A]);
    expect(firstUploadIn(body)?.url).toBe(`/uploads/${B}.jpg`);
    expect(firstUploadIn('没有照片 ![](https://example.com/x.jpg)')).toBeNull();
  });
});
