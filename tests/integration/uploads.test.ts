import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { describeStatements, statementsOf } from '../helpers/statements';
import { createBoard } from '../factories/board.factory';
import type { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createTopic, createReply } from '../factories/topic.factory';
import { posts, uploads, uploadUses, users } from '../../server/db/schema';
import { recordUploadUses, renderPostBody } from '../../server/services/media/upload.service';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { UploadView } from '../../server/presenters/upload.presenter';
import type { PostView } from '../../server/presenters/post.presenter';

let app: FastifyInstance;
/** An app whose clock the tests move, with a short upload limit and rate limit. */
let timed: FastifyInstance;
let now = new Date('2026-03-01T08:00:00Z');

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' }, { countStatements: true });
  timed = await createTestApp({ POST_RATE_LIMIT: '0', UPLOAD_MAX_BYTES: '200000', UPLOAD_RATE_PER_HOUR: '4' }, { clock: () => now, uploadSweepIntervalMs: 40 });
});
afterAll(async () => {
  await Promise.all([app?.close(), timed?.close()]);
});

/** A photo made here with sharp: a gradient (so it does not compress to nothing), unique to this call. */
async function photo(width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg', seed = 0): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const p = i / 3;
    pixels[i] = (p % width + seed) & 0xff;
    pixels[i + 1] = (Math.floor(p / width) * 3 + seed) & 0xff;
    pixels[i + 2] = (p * 7 + seed) & 0xff;
  }
  // A few random pixels: every photo is new, also to a PostgreSQL database earlier runs wrote to.
  randomBytes(Math.min(pixels.length, 48)).copy(pixels);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

/** A JPEG as a phone writes it: EXIF with the camera, the GPS position (sharp's IFD3) and orientation 6 (rotate 90° to show). */
async function phonePhoto(width: number, height: number): Promise<Buffer> {
  const plain = await photo(width, height);
  return sharp(plain)
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'VillagePhone', Model: 'Field 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 58/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 52/1 30/1' },
    })
    .jpeg()
    .toBuffer();
}

const BOUNDARY = '----grassroots-upload-test';

/** A multipart/form-data body with one file part. */
function multipartBody(content: Buffer, options: { field?: string; filename?: string; type?: string } = {}): Buffer {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'photo.jpg'}"\r\n`
    + `Content-Type: ${options.type ?? 'image/jpeg'}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

/** POST /api/uploads as `client` (its cookie and CSRF token), with a multipart body. */
async function upload(
  client: Client | null,
  content: Buffer,
  options: { field?: string; filename?: string; type?: string; noCsrf?: boolean; body?: Buffer; target?: FastifyInstance } = {},
) {
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': 'en' };
  if (client?.cookie) headers.cookie = client.cookie;
  if (client?.csrfToken && !options.noCsrf) headers['x-csrf-token'] = client.csrfToken;
  const res = await (options.target ?? client?.app ?? app).inject({
    method: 'POST', url: '/api/uploads', headers, payload: options.body ?? multipartBody(content, options),
  });
  return Object.assign(res, { data: JSON.parse(res.body) as { upload: UploadView; code?: string; message?: string; field?: string } });
}

/** The stored file behind an upload URL, read from DATA_DIR/uploads. */
function storedFile(target: FastifyInstance, url: string): Buffer {
  return readFileSync(path.join(target.uploads.dir, path.basename(url)));
}

describe('POST /api/uploads', () => {
  it('stores a JPEG re-encoded under its content hash with a thumbnail, and answers 201 with its URLs and size', async () => {
    const me = await registerUser(app);
    const res = await upload(me.client, await photo(640, 480));
    expect(res.statusCode).toBe(201);
    const { upload: view } = res.data;
    expect(view).toEqual({
      id: expect.any(Number),
      url: expect.stringMatching(/^\/uploads\/[0-9a-f]{64}\.jpg$/),
      thumbnailUrl: expect.stringMatching(/^\/uploads\/[0-9a-f]{64}\.thumb\.jpg$/),
      width: 640,
      height: 480,
    });
    const stored = await sharp(storedFile(app, view.url)).metadata();
    expect(stored).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    const thumb = await sharp(storedFile(app, view.thumbnailUrl)).metadata();
    expect(thumb).toMatchObject({ format: 'jpeg', width: 480, height: 360 });
    const [row] = await app.db.select().from(uploads).where(eq(uploads.id, view.id));
    expect(row).toMatchObject({ extension: 'jpg', width: 640, height: 480, uploaderId: me.user.id, referencedAt: null });
    expect(row?.bytes).toBe(storedFile(app, view.url).length);
  });

  it('strips every metadata block: a phone JPEG with GPS EXIF comes back with no EXIF, XMP, IPTC or ICC at all', async () => {
    const me = await registerUser(app);
    const input = await phonePhoto(300, 200);
    const before = await sharp(input).metadata();
    expect(before.exif?.toString('latin1')).toContain('VillagePhone');
    expect(before.orientation).toBe(6);
    const res = await upload(me.client, input);
    expect(res.statusCode).toBe(201);
    for (const url of [res.data.upload.url, res.data.upload.thumbnailUrl]) {
      const file = storedFile(app, url);
      const after = await sharp(file).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(after.iptc).toBeUndefined();
      expect(after.icc).toBeUndefined();
      expect(after.orientation).toBeUndefined();
      expect(file.toString('latin1')).not.toContain('VillagePhone');
      expect(file.toString('latin1')).not.toContain('Exif');
    }
  });

  it('turns an orientation-6 photo upright before stripping its EXIF: width and height swap', async () => {
    const me = await registerUser(app);
    const res = await upload(me.client, await phonePhoto(300, 200));
    expect(res.data.upload).toMatchObject({ width: 200, height: 300 });
    expect(await sharp(storedFile(app, res.data.upload.url)).metadata()).toMatchObject({ width: 200, height: 300 });
  });

  it('scales a large photo to a longest side of 2048 and its thumbnail to 480', async () => {
    const me = await registerUser(app);
    const res = await upload(me.client, await photo(3000, 1500));
    expect(res.data.upload).toMatchObject({ width: 2048, height: 1024 });
    expect(await sharp(storedFile(app, res.data.upload.thumbnailUrl)).metadata()).toMatchObject({ width: 480, height: 240 });
  });

  it('keeps PNG as PNG and WebP as WebP, judged by content whatever the name says', async () => {
    const me = await registerUser(app);
    const png = await upload(me.client, await photo(40, 30, 'png'), { filename: 'photo.jpg', type: 'image/jpeg' });
    expect(png.statusCode).toBe(201);
    expect(png.data.upload.url).toMatch(/\.png$/);
    const webp = await upload(me.client, await photo(40, 30, 'webp'), { filename: 'x.exe', type: 'application/octet-stream' });
    expect(webp.statusCode).toBe(201);
    expect(webp.data.upload.url).toMatch(/\.webp$/);
    expect((await sharp(storedFile(app, webp.data.upload.url)).metadata()).format).toBe('webp');
  });

  it('stores the same image twice once: the same row back and one file', async () => {
    const me = await registerUser(app);
    const other = await registerUser(app);
    const image = await photo(120, 90, 'jpeg', 77);
    const first = await upload(me.client, image);
    const second = await upload(other.client, image, { filename: 'again.jpg' });
    expect(second.statusCode).toBe(201);
    expect(second.data.upload).toEqual(first.data.upload);
    const hash = path.basename(first.data.upload.url).split('.')[0]!;
    expect(readdirSync(app.uploads.dir).filter((name) => name.startsWith(hash)).sort()).toEqual([`${hash}.jpg`, `${hash}.thumb.jpg`]);
    expect(await app.db.select().from(uploads).where(eq(uploads.hash, hash))).toHaveLength(1);
  });

  it('refuses what is not a whole JPEG, PNG or WebP with 400 UNSUPPORTED_MEDIA: a renamed .exe, an SVG, a GIF, a truncated JPEG, text, nothing', async () => {
    const me = await registerUser(app);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200, 0x90)]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).gif().toBuffer();
    const jpeg = await photo(200, 150);
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    const cases: [string, Buffer, string][] = [
      ['exe', exe, 'photo.jpg'], ['svg', svg, 'photo.png'], ['gif', gif, 'photo.gif'],
      ['truncated', truncated, 'photo.jpg'], ['text', Buffer.from('就是一段文字'), 'photo.webp'], ['empty', Buffer.alloc(0), 'photo.jpg'],
    ];
    for (const [name, content, filename] of cases) {
      const res = await upload(me.client, content, { filename, type: 'image/jpeg' });
      expect(res.statusCode, name).toBe(400);
      expect(res.data, name).toMatchObject({ code: 'UNSUPPORTED_MEDIA', field: 'file', message: expect.stringContaining('JPEG, PNG or WebP') });
    }
    const zh = await app.inject({
      method: 'POST', url: '/api/uploads', payload: multipartBody(exe),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: me.client.cookie!, 'x-csrf-token': me.client.csrfToken!, 'accept-language': 'zh-CN' },
    });
    expect(JSON.parse(zh.body).message).toContain('图片');
  });

  it('answers bad requests with 4xx: no file field, a field of another name, two files, a JSON body, broken multipart', async () => {
    const me = await registerUser(app);
    const image = await photo(20, 20);
    const wrongField = await upload(me.client, image, { field: 'image' });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.data.field).toBe('file');
    const twoFiles = Buffer.concat([multipartBody(image).subarray(0, -`--${BOUNDARY}--\r\n`.length), multipartBody(image)]);
    expect((await upload(me.client, image, { body: twoFiles })).statusCode).toBe(400);
    expect((await upload(me.client, image, { body: Buffer.from(`--${BOUNDARY}--\r\n`) })).statusCode).toBe(400);
    expect((await upload(me.client, image, { body: Buffer.from('garbage without boundaries') })).statusCode).toBe(400);
    const json = await me.client.post('/api/uploads', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.data).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('is for signed-in members: 401 anonymous, 403 without the CSRF token, 403 silenced or suspended', async () => {
    const image = await photo(20, 20);
    const anonymous = await upload(null, image);
    expect(anonymous.statusCode).toBe(401);
    const me = await registerUser(app);
    const noCsrf = await upload(me.client, image, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.data.code).toBe('CSRF');
    const silenced = await registerUser(app);
    await app.db.update(users).set({ silencedUntil: new Date(Date.now() + 3_600_000) }).where(eq(users.id, silenced.user.id));
    expect((await upload(silenced.client, image)).data.code).toBe('SILENCED');
    const suspended = await registerUser(app);
    await app.db.update(users).set({ suspendedUntil: new Date(Date.now() + 3_600_000) }).where(eq(users.id, suspended.user.id));
    const res = await upload(suspended.client, image);
    expect(res.statusCode).toBe(403);
    expect(res.data.code).toBe('SUSPENDED');
  });

  it('answers 413 over UPLOAD_MAX_BYTES, from the declared length or from the stream, and stores nothing', async () => {
    const me = await registerUser(timed);
    const before = (await timed.db.select().from(uploads)).length;
    const big = Buffer.alloc(300_000, 0xab);
    const res = await upload(me.client, big, { target: timed });
    expect(res.statusCode).toBe(413);
    expect(res.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'file', message: expect.stringContaining('0.2 MB') });
    expect((await timed.db.select().from(uploads)).length).toBe(before);
  });

  it('stops reading a 50 MB upload at the limit: the 413 arrives while the client is still sending, and the rest is never taken', async () => {
    const me = await registerUser(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const total = 50 * 1_048_576;
    const result = await streamUpload(port, me.client.cookie!, me.client.csrfToken!, total);
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.response).toContain('PAYLOAD_TOO_LARGE');
    // The server read at most the 10 MB limit (plus what the sockets' buffers hold) and closed.
    expect(result.sentWhenAnswered).toBeLessThan(total);
    expect(result.sent).toBeLessThan(total);
    expect(result.sent).toBeLessThan(10 * 1_048_576 + 16 * 1_048_576);
  });

  it('limits uploads per member per hour: 429 with Retry-After past UPLOAD_RATE_PER_HOUR', async () => {
    const me = await registerUser(timed);
    const image = await photo(16, 16);
    for (let i = 0; i < 4; i += 1) expect((await upload(me.client, image, { target: timed })).statusCode).toBe(201);
    const res = await upload(me.client, image, { target: timed });
    expect(res.statusCode).toBe(429);
    expect(res.data.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.data.message).toContain('4 photos');
    // Another member is not slowed down by the first.
    const other = await registerUser(timed);
    expect((await upload(other.client, image, { target: timed })).statusCode).toBe(201);
  });
});

/**
 * Streams a multipart upload of `total` bytes over a real socket, chunked (no length to refuse
 * up front), as fast as the socket takes it, and stops when the answer comes or the server
 * closes. `sent` counts the bytes the socket accepted.
 */
function streamUpload(port: number, cookie: string, csrf: string, total: number): Promise<{ response: string; sent: number; sentWhenAnswered: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let sent = 0;
    let sentWhenAnswered = -1;
    let response = '';
    let closed = false;
    const finish = () => resolve({ response, sent, sentWhenAnswered: sentWhenAnswered === -1 ? sent : sentWhenAnswered });
    socket.on('data', (data) => {
      if (sentWhenAnswered === -1) sentWhenAnswered = sent;
      response += data.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    const frame = (data: Buffer | string) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
    };
    socket.on('connect', async () => {
      socket.write(
        `POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nx-csrf-token: ${csrf}\r\n`
        + `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      socket.write(frame(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`));
      const chunk = frame(Buffer.alloc(64 * 1024, 0xd8));
      while (sent < total && !closed && response === '') {
        const flushed = socket.write(chunk);
        sent += 64 * 1024;
        if (!flushed) {
          await new Promise<void>((next) => {
            socket.once('drain', next);
            socket.once('close', next);
          });
        }
      }
      // The answer came (or the socket closed) before all was sent: stop, as a browser would.
      if (!closed) socket.end();
    });
  });
}

describe('GET /uploads/:name', () => {
  it('serves a photo a visible post shows to anyone, public but asked again each time (no-cache), with its type, nosniff and an ETag', async () => {
    const me = await registerUser(app);
    const { upload: view } = (await upload(me.client, await photo(64, 48, 'webp', 9))).data;
    await createTopic(me.client, 'qunzhong', { body: `![](${view.url})` });
    for (const url of [view.url, view.thumbnailUrl]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, no-cache');
      expect(res.headers['content-type']).toBe('image/webp');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{64}(\.thumb)?"$/);
      expect(res.rawPayload.equals(storedFile(app, url))).toBe(true);
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
    const full = await app.inject({ method: 'GET', url: view.url });
    const thumb = await app.inject({ method: 'GET', url: view.thumbnailUrl });
    expect(full.headers.etag).not.toBe(thumb.headers.etag);
    const head = await app.inject({ method: 'HEAD', url: view.url });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('image/webp');
  });

  it('serves jpg as image/jpeg and png as image/png', async () => {
    const me = await registerUser(app);
    const jpg = (await upload(me.client, await photo(10, 10, 'jpeg', 31))).data.upload;
    const png = (await upload(me.client, await photo(10, 10, 'png', 31))).data.upload;
    const asUploader = { cookie: me.client.cookie ?? '' };
    expect((await app.inject({ method: 'GET', url: jpg.url, headers: asUploader })).headers['content-type']).toBe('image/jpeg');
    expect((await app.inject({ method: 'GET', url: png.url, headers: asUploader })).headers['content-type']).toBe('image/png');
  });

  it('answers 404 for any other name: unknown hashes, other extensions, traversal, encoded slashes', async () => {
    const unknown = `${'a'.repeat(64)}.jpg`;
    for (const url of [
      `/uploads/${unknown}`, `/uploads/${'A'.repeat(64)}.jpg`, `/uploads/${'a'.repeat(64)}.svg`, `/uploads/${'a'.repeat(63)}.jpg`,
      '/uploads/..%2F..%2Fetc%2Fpasswd', '/uploads/%2e%2e%2fpackage.json', '/uploads/..%5C..%5Cpackage.json',
      `/uploads/${'a'.repeat(64)}.jpg%00.png`, `/uploads/${'a'.repeat(64)}.thumb.thumb.jpg`, `/uploads/${'x'.repeat(90)}`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type'], url).toContain('application/json');
    }
    expect((await app.inject({ method: 'GET', url: `/uploads/${unknown}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/uploads/../package.json' })).statusCode).not.toBe(200);
  });
});

describe('upload references, image sizes and the sweep', () => {
  it('marks the uploads a new topic, a reply, an edit and a draft refer to, and renders their width and height', async () => {
    const me = await registerUser(app);
    const a = (await upload(me.client, await photo(300, 200, 'jpeg', 101))).data.upload;
    const b = (await upload(me.client, await phonePhoto(120, 80))).data.upload;
    const c = (await upload(me.client, await photo(30, 20, 'png', 103))).data.upload;
    const d = (await upload(me.client, await photo(50, 50, 'jpeg', 104))).data.upload;
    const referenced = async (view: UploadView) =>
      (await app.db.select().from(uploads).where(eq(uploads.id, view.id)))[0]?.referencedAt ?? null;

    const { topic, post } = await createTopic(me.client, 'qunzhong', { body: `村里的照片\n\n![村口](${a.url})` });
    expect(await referenced(a)).not.toBeNull();
    expect(await referenced(b)).toBeNull();
    expect(post.html).toContain(`<img src="${a.url}" alt="村口" loading="lazy" decoding="async" width="300" height="200" />`);

    const reply = await createReply(me.client, topic.id, { body: `缩略图 ![](${b.thumbnailUrl})` });
    expect(await referenced(b)).not.toBeNull();
    // The thumbnail's own size: the 80×120 upright photo fits inside 480 as it is.
    expect(reply.html).toContain('width="80" height="120"');

    const edited = await me.client.patch<{ post: PostView }>(`/api/posts/${reply.id}`, { body: `换一张 ![](${c.url})` });
    expect(edited.statusCode).toBe(200);
    expect(await referenced(c)).not.toBeNull();
    expect(edited.data.post.html).toContain('width="30" height="20"');

    await me.client.put('/api/drafts/board:qunzhong', { body: `草稿里的图 ![](${d.url})` });
    expect(await referenced(d)).not.toBeNull();

    // An upload path no upload has: shown, but without a size.
    const ghost = await createReply(me.client, topic.id, { body: `![](/uploads/${'b'.repeat(64)}.jpg)` });
    expect(ghost.html).toContain('loading="lazy"');
    expect(ghost.html).not.toContain('width=');
  });

  it('removes an upload no post or draft referred to a day after it came, file and row, and keeps the referenced ones', async () => {
    now = new Date('2026-03-01T08:00:00Z');
    const me = await registerUser(timed);
    const unused = (await upload(me.client, await photo(40, 30, 'jpeg', 201), { target: timed })).data.upload;
    const used = (await upload(me.client, await photo(40, 30, 'jpeg', 202), { target: timed })).data.upload;
    await createTopic(me.client, 'qunzhong', { body: `![](${used.url})` });

    now = new Date('2026-03-02T07:00:00Z');
    expect(await timed.uploads.sweep()).toBe(0);
    expect(existsSync(path.join(timed.uploads.dir, path.basename(unused.url)))).toBe(true);

    now = new Date('2026-03-02T08:00:01Z');
    // The timer (every 40 ms in this app) runs the sweep: no sleeping, the clock moved on.
    await vi.waitFor(async () => {
      expect(await timed.db.select().from(uploads).where(eq(uploads.id, unused.id))).toHaveLength(0);
      expect(existsSync(path.join(timed.uploads.dir, path.basename(unused.thumbnailUrl)))).toBe(false);
    }, { timeout: 5000, interval: 20 });
    expect(existsSync(path.join(timed.uploads.dir, path.basename(unused.url)))).toBe(false);
    expect(existsSync(path.join(timed.uploads.dir, path.basename(unused.thumbnailUrl)))).toBe(false);
    expect(existsSync(path.join(timed.uploads.dir, path.basename(used.url)))).toBe(true);
    expect(await timed.db.select().from(uploads).where(eq(uploads.id, used.id))).toHaveLength(1);
    expect((await timed.inject({ method: 'GET', url: unused.url })).statusCode).toBe(404);
    expect((await timed.inject({ method: 'GET', url: used.url })).statusCode).toBe(200);
  });

  it('gives an unreferenced photo uploaded again a new day', async () => {
    now = new Date('2026-04-01T08:00:00Z');
    const me = await registerUser(timed);
    const image = await photo(40, 30, 'jpeg', 203);
    const first = (await upload(me.client, image, { target: timed })).data.upload;
    now = new Date('2026-04-02T07:00:00Z');
    expect((await upload(me.client, image, { target: timed })).data.upload.id).toBe(first.id);
    now = new Date('2026-04-02T09:00:00Z');
    await timed.uploads.sweep();
    expect(await timed.db.select().from(uploads).where(eq(uploads.id, first.id))).toHaveLength(1);
    now = new Date('2026-04-03T07:00:01Z');
    await vi.waitFor(async () => {
      expect(await timed.db.select().from(uploads).where(eq(uploads.id, first.id))).toHaveLength(0);
    }, { timeout: 5000, interval: 20 });
  });
});

describe('GET /uploads/:name: who may see a photo (what is hidden stays hidden)', () => {
  let author: SignedInUser;
  let other: SignedInUser;
  let mod: SignedInUser;
  let admin: Client;
  beforeAll(async () => {
    author = await registerUser(app);
    other = await registerUser(app);
    mod = await registerUser(app, { roles: ['moderator'] });
    admin = await signInAdmin(app);
  });

  /** The status and Cache-Control each viewer gets for a URL: anonymous, another member, the author, a moderator. */
  async function seenBy(url: string) {
    const as = async (cookie: string | null) => {
      const res = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
      return `${res.statusCode} ${String(res.headers['cache-control'])}`;
    };
    return {
      anonymous: await as(null), other: await as(other.client.cookie), author: await as(author.client.cookie), moderator: await as(mod.client.cookie),
    };
  }
  const PUBLIC = '200 public, no-cache';
  const PRIVATE = '200 private, no-cache';
  const DENIED = '404 no-store';

  it('shows an unposted photo (uploaded, or in a draft) to its uploader alone, privately: not to others, moderators included', async () => {
    const image = await photo(40, 30, 'jpeg', 301);
    const { upload: view } = (await upload(author.client, image)).data;
    for (const url of [view.url, view.thumbnailUrl]) {
      expect(await seenBy(url)).toEqual({ anonymous: DENIED, other: DENIED, author: PRIVATE, moderator: DENIED });
    }
    await author.client.put('/api/drafts/board:qunzhong', { body: `草稿 ![](${view.url})` });
    // Another member who learned the URL gains nothing by putting it in a draft of their own.
    await other.client.put('/api/drafts/board:qunzhong', { body: `借用 ![](${view.url})` });
    expect(await seenBy(view.url)).toEqual({ anonymous: DENIED, other: DENIED, author: PRIVATE, moderator: DENIED });
    const res = await app.inject({ method: 'GET', url: view.url, headers: { cookie: author.client.cookie ?? '' } });
    expect(res.headers.vary).toBe('Cookie, Authorization');
    expect(res.rawPayload.equals(storedFile(app, view.url))).toBe(true);
    // A conditional request is checked first too: no 304 that confirms the photo exists.
    expect((await app.inject({ method: 'GET', url: view.url, headers: { 'if-none-match': String(res.headers.etag) } })).statusCode).toBe(404);
    // A second member uploading the same image is an uploader too.
    const again = (await upload(other.client, image)).data.upload;
    expect(again.id).toBe(view.id);
    expect((await seenBy(view.url)).other).toBe(PRIVATE);
  });

  it('hides a hidden post\'s photo from all but its author and moderators, on the photo and on the cached pages, until it is unhidden', async () => {
    const { upload: view } = (await upload(author.client, await photo(40, 30, 'png', 302))).data;
    const { topic } = await createTopic(author.client, 'qunzhong');
    const reply = await createReply(author.client, topic.id, { body: `现场 ![照片](${view.url})` });
    expect(await seenBy(view.url)).toEqual({ anonymous: PUBLIC, other: PUBLIC, author: PUBLIC, moderator: PUBLIC });
    // The anonymous topic page is cached while the photo is public.
    expect((await app.inject({ method: 'GET', url: `/api/topics/${topic.id}` })).body).toContain(view.url);

    expect((await mod.client.post(`/api/posts/${reply.id}/hide`, {})).statusCode).toBe(200);
    for (const url of [view.url, view.thumbnailUrl]) {
      expect(await seenBy(url)).toEqual({ anonymous: DENIED, other: DENIED, author: PRIVATE, moderator: PRIVATE });
    }
    const hash = view.url.slice('/uploads/'.length, '/uploads/'.length + 64);
    for (const cookie of [null, other.client.cookie]) {
      const headers = cookie ? { cookie } : {};
      for (const url of [`/api/topics/${topic.id}`, `/api/topics/${topic.id}/tree`, `/api/posts/${reply.id}`]) {
        const page = await app.inject({ method: 'GET', url, headers });
        expect(page.statusCode, url).toBe(200);
        expect(page.body, url).not.toContain(hash);
      }
    }

    expect((await mod.client.post(`/api/posts/${reply.id}/unhide`, {})).statusCode).toBe(200);
    expect(await seenBy(view.url)).toEqual({ anonymous: PUBLIC, other: PUBLIC, author: PUBLIC, moderator: PUBLIC });
  });

  it('keeps a photo public while another shown post uses it, whatever happens to the first', async () => {
    const { upload: view } = (await upload(author.client, await photo(40, 30, 'jpeg', 303))).data;
    const { topic, post } = await createTopic(author.client, 'qunzhong', { body: `![](${view.url})` });
    await createReply(other.client, topic.id, { body: `转发 ![](${view.url})` });
    await mod.client.post(`/api/posts/${post.id}/hide`, {});
    expect(await seenBy(view.url)).toEqual({ anonymous: PUBLIC, other: PUBLIC, author: PUBLIC, moderator: PUBLIC });
  });

  it('shows a held topic\'s and a held reply\'s photos only to their author and moderators until approved', async () => {
    const board = await createBoard(app, { admin });
    const open = await createTopic(author.client, board.slug);
    expect((await admin.patch<{ board: BoardView }>(`/api/boards/${board.slug}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const inTopic = (await upload(author.client, await photo(40, 30, 'jpeg', 304))).data.upload;
    const inReply = (await upload(author.client, await photo(40, 30, 'jpeg', 305))).data.upload;
    const held = await author.client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${board.slug}/topics`, { title: '待审', body: `![](${inTopic.url})` });
    expect(held.statusCode).toBe(202);
    const heldReply = await author.client.post<{ post: PostView }>(`/api/topics/${open.topic.id}/posts`, { body: `![](${inReply.url})` });
    expect(heldReply.statusCode).toBe(202);
    for (const url of [inTopic.url, inReply.thumbnailUrl]) {
      expect(await seenBy(url)).toEqual({ anonymous: DENIED, other: DENIED, author: PRIVATE, moderator: PRIVATE });
    }
    const queue = await mod.client.get<{ items: { id: number; post?: { id: number } }[] }>('/api/mod/queue?type=held_post&limit=100');
    for (const postId of [held.data.post.id, heldReply.data.post.id]) {
      const item = queue.data.items.find((i) => i.post?.id === postId);
      expect((await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'approve' })).statusCode).toBe(200);
    }
    for (const url of [inTopic.url, inReply.url]) {
      expect(await seenBy(url)).toEqual({ anonymous: PUBLIC, other: PUBLIC, author: PUBLIC, moderator: PUBLIC });
    }
  });

  it('decides in one statement (upload → uses, by index) for anyone, before reading the session', async () => {
    const { upload: view } = (await upload(author.client, await photo(40, 30, 'jpeg', 306))).data;
    await createTopic(author.client, 'qunzhong', { body: `![](${view.url})` });
    const { statements } = await statementsOf(app, () => app.inject({ method: 'GET', url: view.url, headers: { cookie: other.client.cookie ?? '' } }));
    expect(statements, describeStatements(statements)).toHaveLength(1);
    expect(statements[0]?.sql).toContain('upload_uses');
  });

  it('answers a bad bearer token on a photo with 401, not the photo', async () => {
    const { upload: view } = (await upload(author.client, await photo(40, 30, 'jpeg', 307))).data;
    const res = await app.inject({ method: 'GET', url: view.url, headers: { authorization: 'Bearer nonsense' } });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'BAD_TOKEN' });
  });
});

describe('upload uses and the post\'s transaction', () => {
  it('marks a photo used only in the transaction that writes the post: rendering writes nothing, and a rolled-back post leaves it unmarked', async () => {
    const me = await registerUser(app);
    const view = (await upload(me.client, await photo(40, 30, 'jpeg', 401))).data.upload;
    const body = `![](${view.url})`;
    const state = async () => ({
      referencedAt: (await app.db.select().from(uploads).where(eq(uploads.id, view.id)))[0]?.referencedAt ?? null,
      postUses: (await app.db.select().from(uploadUses).where(eq(uploadUses.uploadId, view.id))).filter((use) => use.postId !== null).length,
    });
    const rendered = await renderPostBody(app.db, body);
    expect(rendered.html).toContain('width="40" height="30"');
    expect(await state()).toEqual({ referencedAt: null, postUses: 0 });

    const { post } = await createTopic(me.client, 'qunzhong');
    const [row] = await app.db.select({ id: posts.id }).from(posts).where(eq(posts.id, post.id));
    await expect(app.db.transaction(async (tx) => {
      await recordUploadUses(tx, row!.id, body);
      throw new Error('the post failed after its photos were recorded');
    })).rejects.toThrow('the post failed');
    expect(await state()).toEqual({ referencedAt: null, postUses: 0 });

    await createReply(me.client, post.topicId, { body });
    expect(await state()).toMatchObject({ referencedAt: expect.any(Date), postUses: 1 });
  });

  it('marks nothing when a reply to a locked topic is refused', async () => {
    const me = await registerUser(app);
    const mod = await registerUser(app, { roles: ['moderator'] });
    const view = (await upload(me.client, await photo(40, 30, 'jpeg', 402))).data.upload;
    const { topic } = await createTopic(me.client, 'qunzhong');
    expect((await mod.client.post(`/api/topics/${topic.id}/lock`, {})).statusCode).toBe(200);
    expect((await me.client.post(`/api/topics/${topic.id}/posts`, { body: `![](${view.url})` })).statusCode).toBe(423);
    expect((await app.db.select().from(uploads).where(eq(uploads.id, view.id)))[0]?.referencedAt).toBeNull();
  });
});

