import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UPLOAD_FILE_NAME } from '../../domain/uploads';
import { AppError, errorBody } from '../../errors';
import { authenticateRequest, requireUser } from '../../plugins/auth.plugin';
import { maySeeUpload, storeUpload, uploadAccess } from '../../services/media/upload.service';
import { createUploadSchema, serveUploadSchema } from './uploads.schema';

/** Room for the multipart framing (boundary, part headers) around a file at the size limit. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/**
 * Photos: POST /api/uploads (members, one multipart field `file`) and the stored files at
 * /uploads/:name. @fastify/multipart is registered in the upload route's own scope only.
 */
const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxBytes = app.config.uploadMaxBytes;
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', {
    en: `This photo is larger than ${formatMegabytes(maxBytes)} MB, the most allowed. Please choose a smaller one; your text is kept.`,
    zh: `图片超过 ${formatMegabytes(maxBytes)} MB 的上限，请换一张较小的图片，内容不会丢失。`,
  }, 'file');
  const notMultipart = () => new AppError('UNSUPPORTED_MEDIA_TYPE', {
    en: 'Send the photo as multipart/form-data with one field named "file".',
    zh: '请以 multipart/form-data 格式上传，图片放在名为 file 的字段中。',
  });

  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 20 },
    });

    // An answer given before the body was read whole (too large, refused) must not let Node
    // read the rest of a 50 MB body: after the answer the connection reads nothing more and closes.
    scope.addHook('onResponse', async (request) => {
      if (!request.raw.complete) lingerThenClose(request.raw);
    });

    scope.post('/api/uploads', { schema: createUploadSchema, preHandler: app.limits.upload }, async (request, reply) => {
      const user = requireUser(request);
      const declared = Number(request.headers['content-length']);
      // Known too large from the headers: refused before a byte of the body is read.
      if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
      if (!request.isMultipart()) throw notMultipart();
      let buffer: Buffer;
      try {
        const parts = request.parts();
        const first = await parts.next();
        const part = first.done ? undefined : first.value;
        if (!part || part.type !== 'file' || part.fieldname !== 'file') {
          if (part?.type === 'file') part.file.resume();
          throw new AppError('VALIDATION', { en: 'Send the photo in a field named "file".', zh: '请把图片放在名为 file 的字段中上传。' }, 'file');
        }
        buffer = await readAtMost(part.file, tooLarge);
        if (!(await parts.next()).done) throw new AppError('VALIDATION', ONE_FILE, 'file');
      } catch (err) {
        throw mapMultipartError(err, tooLarge);
      }
      const upload = await storeUpload(app.db, app.uploads.dir, user, buffer, app.uploads.now());
      return reply.status(201).send({ upload });
    });
  });

  app.get('/uploads/:name', { schema: { ...serveUploadSchema, hide: true } }, async (request, reply) => {
    const match = UPLOAD_FILE_NAME.exec(request.params.name);
    if (!match) return reply.status(404).send(errorBody(request, 'NOT_FOUND'));
    // What is hidden stays hidden: a photo is served to whoever may see a post using it (or
    // uploaded it). Anyone else learns nothing, not even that it exists: the same 404.
    const access = await uploadAccess(app.db, match[1]!);
    const viewer = access.public ? null : (await authenticateRequest(request))?.user ?? null;
    if (!maySeeUpload(access, viewer)) {
      return reply.status(404).header('cache-control', 'no-store').send(errorBody(request, 'NOT_FOUND'));
    }
    const file = path.join(app.uploads.dir, request.params.name);
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      return reply.status(404).send(errorBody(request, 'NOT_FOUND'));
    }
    // The name is the content's hash: the file never changes, so it is its own ETag. Who may
    // see it does change (a post hidden, held, approved): every cache asks again each time
    // (no-cache; a 304 when nothing changed), and a restricted photo is private, so no shared
    // cache keeps it.
    const etag = `"${match[1]}${match[2] ?? ''}"`;
    reply
      .header('cache-control', access.public ? 'public, no-cache' : 'private, no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag);
    if (!access.public) reply.header('vary', 'Cookie, Authorization');
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      return reply.status(304).send();
    }
    return reply
      .type(CONTENT_TYPES[match[3]!] ?? 'application/octet-stream')
      .header('content-length', String(size))
      .send(createReadStream(file));
  });
};

/** How long a refused upload's connection stays open, not read, after its answer. */
const LINGER_MS = 2000;

/**
 * Closes the connection of a request answered before its body arrived, without reading more
 * of it: the socket stops reading (the client's sending stalls once the buffers fill), sends
 * its end after the answer, and is destroyed LINGER_MS later. Destroying it at once would send
 * a reset that can reach the client before it has read the answer, and lose it; letting
 * Node read on would take the whole 50 MB.
 */
function lingerThenClose(raw: IncomingMessage): void {
  const socket = raw.socket;
  raw.unpipe();
  raw.pause();
  socket.pause();
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * Reads a file part whole, or fails with `tooLarge` the moment busboy reports the size limit:
 * busboy would otherwise go on reading (and discarding) the rest of the body until its end.
 */
function readAtMost(file: Readable, tooLarge: () => AppError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.once('limit', () => reject(tooLarge()));
    file.once('error', reject);
    file.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

const ONE_FILE = { en: 'Send one photo, in one field named "file", and nothing else.', zh: '每次只上传一张图片，放在名为 file 的字段中，不要附带其他内容。' };

/** @fastify/multipart's failures in the API's vocabulary. */
function mapMultipartError(err: unknown, tooLarge: () => AppError): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge();
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('VALIDATION', ONE_FILE, 'file');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', {
        en: 'Send the photo as multipart/form-data with one field named "file".',
        zh: '请以 multipart/form-data 格式上传，图片放在名为 file 的字段中。',
      });
    default:
      // Broken multipart framing (no boundary, cut short: busboy's own errors carry no code)
      // is bad input, not our failure.
      if ((typeof code === 'string' && code.startsWith('FST_')) || (code === undefined && err instanceof Error && /multipart|boundary|part/i.test(err.message))) {
        return new AppError('VALIDATION', { en: 'The multipart body is malformed.', zh: '上传内容的格式不正确。' }, 'file');
      }
      return err;
  }
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / 1_048_576;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

export default uploadRoutes;
