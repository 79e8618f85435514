import { Type } from 'typebox';
import { ErrorSchema, errorResponses } from '../shared/common.schema';

const UploadSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String({ description: 'Where the photo is served (`/uploads/<sha256>.<jpg|png|webp>`); a post refers to it as `![](url)`.' }),
  thumbnailUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});

/**
 * POST /api/uploads: multipart/form-data with one field, `file` (JPEG, PNG or WebP, judged by
 * content). The body is read by the handler, as a stream, so no body schema.
 */
export const createUploadSchema = {
  tags: ['uploads'],
  consumes: ['multipart/form-data'],
  response: { 201: Type.Object({ upload: UploadSchema }), ...errorResponses, 413: ErrorSchema, 415: ErrorSchema },
};

/** GET /uploads/:name: a stored photo or thumbnail. */
export const serveUploadSchema = {
  tags: ['uploads'],
  params: Type.Object({ name: Type.String({ maxLength: 100 }) }),
};
