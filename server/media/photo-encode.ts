import sharp, { type Sharp } from 'sharp';
import { createHash } from 'node:crypto';
import { PHOTO_MAX_SIDE, THUMBNAIL_MAX_SIDE, type UploadExtension } from '../domain/uploads';

/** A photo as it is stored: the re-encoded image, its thumbnail, and what the table keeps of it. */
export interface EncodedPhoto {
  /** SHA-256 (hex) of `image`: the stored name. */
  hash: string;
  extension: UploadExtension;
  width: number;
  height: number;
  image: Buffer;
  thumbnail: Buffer;
}

/** Why an upload cannot be stored: not one of our formats (or not an image), or too many pixels. */
export class PhotoRejected extends Error {
  constructor(readonly reason: 'format' | 'pixels', message: string) {
    super(message);
    this.name = 'PhotoRejected';
  }
}

/** Above this many pixels a photo is refused before it is decoded (a decompression bomb). */
export const MAX_INPUT_PIXELS = 50_000_000;

const FORMATS: Record<string, UploadExtension> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/**
 * Judges an upload by its content (sharp reads the magic bytes and the header; the name and
 * declared type are never asked), then re-encodes it: rotated upright by its EXIF
 * orientation first, scaled to fit PHOTO_MAX_SIDE, converted to sRGB, and written without
 * any metadata (sharp writes none unless asked: no EXIF, GPS, XMP, IPTC or ICC profile),
 * plus a THUMBNAIL_MAX_SIDE thumbnail. An image that does not decode whole (a truncated
 * JPEG) is refused: libvips fails on its warning.
 */
export async function encodePhoto(input: Buffer): Promise<EncodedPhoto> {
  let format: string | undefined;
  try {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    format = meta.format;
    if (meta.width !== undefined && meta.height !== undefined && meta.width * meta.height > MAX_INPUT_PIXELS) {
      throw new PhotoRejected('pixels', `${meta.width}×${meta.height} is more than ${MAX_INPUT_PIXELS} pixels`);
    }
  } catch (err) {
    if (err instanceof PhotoRejected) throw err;
    throw new PhotoRejected('format', 'not an image sharp can read');
  }
  const extension = format ? FORMATS[format] : undefined;
  if (!extension) throw new PhotoRejected('format', `format ${format ?? 'unknown'} is not accepted`);
  try {
    // Decode once, upright and in sRGB; both outputs come from the same pixels.
    const { data, info } = await sharp(input, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const image = await encode(sharp(data, raw), extension);
    const thumbnail = await encode(
      sharp(data, raw).resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true }),
      extension,
    );
    const hash = createHash('sha256').update(image).digest('hex');
    return { hash, extension, width: info.width, height: info.height, image, thumbnail };
  } catch {
    throw new PhotoRejected('format', 'the image does not decode');
  }
}

function encode(pipeline: Sharp, extension: UploadExtension): Promise<Buffer> {
  switch (extension) {
    case 'jpg': return pipeline.jpeg({ quality: 82, mozjpeg: true }).toBuffer();
    case 'png': return pipeline.png({ compressionLevel: 9 }).toBuffer();
    case 'webp': return pipeline.webp({ quality: 82 }).toBuffer();
  }
}
