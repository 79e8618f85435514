import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { signIn, useSession } from '../helpers/e2e-session';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

let counter = 0;
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e4)}`.slice(0, 32);
}

/** A phone photo made here: a gradient JPEG with the camera and GPS position in its EXIF. */
async function phonePhoto(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = (i / 3) % 256;
    pixels[i + 1] = Math.floor(i / 3 / width) % 256;
    pixels[i + 2] = 128;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Make: 'VillagePhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 58/1 12/1' } })
    .jpeg()
    .toBuffer();
}

describe('photos in the composer (/b/:slug, /t/:id)', () => {
  it('uploads a photo by the button and one by paste, refuses a non-photo in words, posts, and the topic shows the photos without EXIF', async () => {
    const member = await signIn('/api/auth/register', { username: uniqueName('ph'), password: 'e2e-password-123', displayName: '摄影者' });
    const { context, page, errors } = await newPage(browser);
    await useSession(context, member);
    await page.goto('/b/qunzhong');
    await page.getByRole('button', { name: '发表新主题' }).click();
    const composer = page.locator('gr-board-page gr-composer');
    await page.getByLabel('标题').fill(`村里的照片 ${uniqueName('')}`);
    const textarea = composer.locator('textarea');
    await textarea.fill('文化礼堂门口：');

    // The button opens the file picker (accept: JPEG, PNG, WebP).
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      composer.getByRole('button', { name: '插入图片' }).click(),
    ]);
    expect(await composer.locator('input[type="file"]').getAttribute('accept')).toBe('image/jpeg,image/png,image/webp');
    await chooser.setFiles({ name: 'village.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto(320, 240) });
    await expect.poll(() => textarea.inputValue()).toMatch(/!\[\]\(\/uploads\/[0-9a-f]{64}\.jpg\)/);
    await composer.getByRole('status').filter({ hasText: 'village.jpg 已上传' }).waitFor();
    expect(await textarea.inputValue()).toContain('文化礼堂门口：');
    expect(await textarea.inputValue()).not.toContain('正在上传');

    // A renamed non-photo: refused in words, the text kept.
    const before = await textarea.inputValue();
    await composer.locator('input[type="file"]').setInputFiles({ name: 'setup.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\x90\x00 not a photo at all', 'latin1') });
    await composer.getByRole('alert').filter({ hasText: 'setup.jpg 不是 JPEG、PNG 或 WebP 图片' }).waitFor();
    expect(await textarea.inputValue()).toBe(before);

    // Paste of an image from the clipboard.
    const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#3a7' } }).png().toBuffer();
    await textarea.focus();
    await textarea.evaluate((area, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'clip.png', { type: 'image/png' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, [...png]);
    await expect.poll(() => textarea.inputValue()).toMatch(/!\[\]\(\/uploads\/[0-9a-f]{64}\.png\)/);

    await composer.getByRole('button', { name: '发表主题' }).click();
    await page.waitForURL(/\/t\/\d+$/);
    const images = page.locator('gr-post .content img');
    await expect.poll(() => images.count()).toBe(2);
    const first = images.first();
    await first.scrollIntoViewIfNeeded();
    await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await first.getAttribute('width')).toBe('320');
    expect(await first.getAttribute('height')).toBe('240');

    // The stored photo carries no EXIF (so no GPS position).
    const src = (await first.getAttribute('src')) ?? '';
    const stored = Buffer.from(await (await fetch(`${baseUrl}${src}`)).arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(stored.toString('latin1')).not.toContain('VillagePhone');
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await context.close();
  });
});
