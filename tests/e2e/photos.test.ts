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
    // The file's name is the photo's alt text, for screen readers.
    await expect.poll(() => textarea.inputValue()).toMatch(/!\[village\]\(\/uploads\/[0-9a-f]{64}\.jpg\)/);
    await composer.getByRole('status').filter({ hasText: 'village.jpg 已上传' }).waitFor();
    expect(await textarea.inputValue()).toContain('文化礼堂门口：');
    expect(await textarea.inputValue()).not.toContain('正在上传');

    // A renamed non-photo: refused in words, the text kept.
    const before = await textarea.inputValue();
    await composer.locator('input[type="file"]').setInputFiles({ name: 'setup.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\x90\x00 not a photo at all', 'latin1') });
    await composer.getByRole('alert').filter({ hasText: 'setup.jpg 不是 JPEG、PNG 或 WebP 图片' }).waitFor();
    expect(await textarea.inputValue()).toBe(before);

    // Paste of an image from the clipboard: Chromium names a pasted screenshot "image.png",
    // which says nothing, so the alt text is the localised word.
    const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#3a7' } }).png().toBuffer();
    await textarea.focus();
    await textarea.evaluate((area, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, [...png]);
    await expect.poll(() => textarea.inputValue()).toMatch(/!\[照片\]\(\/uploads\/[0-9a-f]{64}\.png\)/);

    await composer.getByRole('button', { name: '发表主题' }).click();
    await page.waitForURL(/\/t\/\d+$/);
    const images = page.locator('gr-post .content img');
    await expect.poll(() => images.count(), { timeout: 10_000 }).toBe(2);
    const first = images.first();
    await first.scrollIntoViewIfNeeded();
    await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await first.getAttribute('width')).toBe('320');
    expect(await first.getAttribute('alt')).toBe('village');
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

  it('uploads a photo dropped on the text and puts its markdown in, named for screen readers', async () => {
    const member = await signIn('/api/auth/register', { username: uniqueName('pd'), password: 'e2e-password-123', displayName: '拖放者' });
    const { context, page, errors } = await newPage(browser);
    await useSession(context, member);
    await page.goto('/b/qunzhong');
    await page.getByRole('button', { name: '发表新主题' }).click();
    const composer = page.locator('gr-board-page gr-composer');
    const textarea = composer.locator('textarea');
    await textarea.fill('拖进来的照片：');
    const webp = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#a73' } }).webp().toBuffer();
    // A real drag of a file from the desktop, as Chromium delivers it: dragenter, dragover
    // (which the composer must accept, or the drop never comes) and drop, with the file.
    const accepted = await textarea.evaluate((area, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], '文化礼堂.webp', { type: 'image/webp' }));
      const fire = (type: string) => area.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      fire('dragenter');
      const over = !fire('dragover');
      const drop = !fire('drop');
      return { over, drop };
    }, [...webp]);
    expect(accepted).toEqual({ over: true, drop: true });
    await expect.poll(() => textarea.inputValue()).toMatch(/^拖进来的照片：\n!\[文化礼堂\]\(\/uploads\/[0-9a-f]{64}\.webp\)\n?$/);
    await composer.getByRole('status').filter({ hasText: '文化礼堂.webp 已上传' }).waitFor();
    // The uploader sees it in the preview before it is posted; nobody else may yet.
    const src = /\((\/uploads\/[0-9a-f]{64}\.webp)\)/.exec(await textarea.inputValue())?.[1] ?? '';
    expect(await page.evaluate(async (url) => (await fetch(url)).status, src)).toBe(200);
    expect((await fetch(`${baseUrl}${src}`)).status).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  });
});
