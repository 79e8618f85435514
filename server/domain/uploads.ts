/**
 * Uploaded photos (issue 11): where they are served from and how a post refers to them. The
 * upload service writes files under these names; the sanitiser keeps an <img> only when its src
 * is one of them; the featured wall and the journal find a post's photo with firstUploadIn().
 */

/** The URL path every uploaded image is served under. */
export const UPLOAD_PATH = '/uploads/';

/** The formats an upload is stored in, by file extension. */
export const UPLOAD_EXTENSIONS = ['jpg', 'png', 'webp'] as const;
/** One of UPLOAD_EXTENSIONS. */
export type UploadExtension = (typeof UPLOAD_EXTENSIONS)[number];

/**
 * A stored file's name: the SHA-256 of its content (64 hex digits), ".thumb" for the thumbnail,
 * and the extension: `<hash>.webp`, `<hash>.thumb.webp`.
 */
export const UPLOAD_FILE_NAME = /^([0-9a-f]{64})(\.thumb)?\.(jpg|png|webp)$/;

/** The URL of an upload stored under this hash and extension. */
export function uploadUrl(hash: string, extension: UploadExtension): string {
  return `${UPLOAD_PATH}${hash}.${extension}`;
}

/** The URL of that upload's thumbnail. */
export function thumbnailUrl(hash: string, extension: UploadExtension): string {
  return `${UPLOAD_PATH}${hash}.thumb.${extension}`;
}

/** A photo as a post refers to it: the full image and its thumbnail. */
export interface UploadRef {
  hash: string;
  url: string;
  thumbnailUrl: string;
}

/** If `url` is one of our uploads (a full image or a thumbnail, path only, no query), which. */
export function parseUploadUrl(url: string): UploadRef | null {
  if (!url.startsWith(UPLOAD_PATH)) return null;
  const match = UPLOAD_FILE_NAME.exec(url.slice(UPLOAD_PATH.length));
  if (!match) return null;
  const hash = match[1]!;
  const extension = match[3] as UploadExtension;
  return { hash, url: uploadUrl(hash, extension), thumbnailUrl: thumbnailUrl(hash, extension) };
}

const REFERENCE = /\/uploads\/([0-9a-f]{64})(?:\.thumb)?\.(?:jpg|png|webp)/g;

/** Every upload a text (a post's markdown or its rendered HTML) refers to, each hash once, in order. */
export function uploadsIn(text: string): UploadRef[] {
  const seen = new Set<string>();
  const refs: UploadRef[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const ref = parseUploadUrl(match[0]);
    if (ref && !seen.has(ref.hash)) {
      seen.add(ref.hash);
      refs.push(ref);
    }
  }
  return refs;
}

/** The first photo a post shows (for the featured wall and the journal), or null. */
export function firstUploadIn(text: string): UploadRef | null {
  return uploadsIn(text)[0] ?? null;
}

/** The longest side of a stored photo, in pixels: larger ones are scaled down to it. */
export const PHOTO_MAX_SIDE = 2048;
/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE = 480;

/** A photo's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** The size of an image of `size` scaled to fit within `maxSide` (never enlarged), as sharp's `fit: inside` rounds it. */
export function fitInside(size: ImageSize, maxSide: number): ImageSize {
  const longest = Math.max(size.width, size.height);
  if (longest <= maxSide) return { width: size.width, height: size.height };
  const scale = maxSide / longest;
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}
