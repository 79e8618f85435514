import type { UploadRow } from '../db/schema';
import { thumbnailUrl, uploadUrl, type UploadExtension } from '../domain/uploads';

/** An uploaded photo as the API sends it (POST /api/uploads). */
export interface UploadView {
  id: number;
  /** Where the photo is served: `/uploads/<hash>.<ext>`, the URL a post's markdown refers to. */
  url: string;
  /** Its thumbnail (longest side 480 px). */
  thumbnailUrl: string;
  /** The stored photo's size in pixels (upright: EXIF orientation applied). */
  width: number;
  height: number;
}

/** An uploads row → UploadView. */
export function presentUpload(row: UploadRow): UploadView {
  const extension = row.extension as UploadExtension;
  return {
    id: row.id,
    url: uploadUrl(row.hash, extension),
    thumbnailUrl: thumbnailUrl(row.hash, extension),
    width: row.width,
    height: row.height,
  };
}
