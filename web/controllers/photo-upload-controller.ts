import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadView } from '../../server/presenters/upload.presenter';
import { ApiError, sendForm } from '../api/client';
import { t } from '../i18n';
import { photoMarkdown } from '../text/markdown-edit';

/** The formats POST /api/uploads takes (the server judges by content; this only filters the picker). */
export const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';

/** What the controller needs of the composer: its text, where the cursor is, and a way to change both. */
export interface PhotoUploadHost {
  /** The body as it is now. */
  body(): string;
  /** The textarea's selection (where a photo goes), or the end of the body. */
  selection(): { start: number; end: number };
  /** Replaces the body, putting the cursor at `cursor`. */
  setBody(text: string, cursor: number): void;
}

let placeholderSequence = 0;

/**
 * The composer's photo uploads (button, drop, paste): each file is sent to POST /api/uploads
 * with its progress shown; a placeholder `![上传中…]()` marks its place in the text at the
 * cursor and becomes `![name](url)` when it is stored (the file's name, or a localised "photo", as alt text). A refused upload (413, 400, 429, no
 * connection) removes only its placeholder and says why in the reader's language: the text
 * is never lost. Files go one after another.
 */
export class PhotoUploadController implements ReactiveController {
  /** The progress sentence of the upload under way ('' when none). */
  status = '';
  /** Why the last upload failed, in the reader's language, or ''. */
  error = '';
  /** True while a file is being sent. */
  busy = false;

  private readonly _host: ReactiveControllerHost;
  private readonly _text: PhotoUploadHost;
  private _queue: Promise<void> = Promise.resolve();
  private _connected = true;

  constructor(host: ReactiveControllerHost, text: PhotoUploadHost) {
    this._host = host;
    this._text = text;
    host.addController(this);
  }

  hostConnected(): void {
    this._connected = true;
  }

  hostDisconnected(): void {
    this._connected = false;
  }

  /** Uploads the image files among `files` (others are ignored), in order. Resolves when all are done. */
  add(files: Iterable<File>): Promise<void> {
    const images = [...files].filter((file) => file.type === '' || file.type.startsWith('image/'));
    for (const file of images) this._queue = this._queue.then(() => this._upload(file));
    return this._queue;
  }

  /** Forgets the last error (the writer dismissed it or started again). */
  clearError(): void {
    this.error = '';
    this._host.requestUpdate();
  }

  private async _upload(file: File): Promise<void> {
    placeholderSequence += 1;
    const name = file.name || t('photo.pasted');
    const placeholder = `![${t('photo.placeholder', { name })} #${placeholderSequence}]()`;
    this._insert(placeholder);
    this.busy = true;
    this.error = '';
    this.status = t('photo.progress', { name, percent: 0 });
    this._host.requestUpdate();
    const form = new FormData();
    form.append('file', file, file.name || 'photo');
    try {
      const { upload } = await sendForm<{ upload: UploadView }>('/api/uploads', form, (sent, total) => {
        const percent = total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0;
        this.status = t('photo.progress', { name, percent });
        if (this._connected) this._host.requestUpdate();
      });
      this._replace(placeholder, photoMarkdown(upload.url, file.name, t('photo.alt')));
      this.status = t('photo.done', { name });
    } catch (err) {
      this._replace(placeholder, '');
      this.status = '';
      this.error = explain(err, name);
    } finally {
      this.busy = false;
      this._host.requestUpdate();
    }
  }

  /** Puts `markdown` at the cursor, on its own line. */
  private _insert(markdown: string): void {
    const body = this._text.body();
    const { start, end } = this._text.selection();
    const before = body.slice(0, start);
    const after = body.slice(end);
    const lead = before === '' || before.endsWith('\n') ? '' : '\n';
    const trail = after.startsWith('\n') ? '' : '\n';
    const text = `${before}${lead}${markdown}${trail}${after}`;
    this._text.setBody(text, before.length + lead.length + markdown.length + trail.length);
  }

  /** Replaces the placeholder where it now is (the writer may have typed around it); gone: the photo goes at the end. */
  private _replace(placeholder: string, markdown: string): void {
    const body = this._text.body();
    const at = body.indexOf(placeholder);
    if (at === -1) {
      if (markdown !== '') this._text.setBody(`${body}${body === '' || body.endsWith('\n') ? '' : '\n'}${markdown}\n`, body.length + markdown.length + 2);
      return;
    }
    let end = at + placeholder.length;
    // A removed placeholder takes its line break with it.
    if (markdown === '' && body[end] === '\n') end += 1;
    this._text.setBody(body.slice(0, at) + markdown + body.slice(end), at + markdown.length);
  }
}

/** A failed upload in the reader's language: too large, not a photo, too many, or no connection. */
function explain(err: unknown, name: string): string {
  if (!(err instanceof ApiError)) return t('photo.failed', { name });
  switch (err.status) {
    case 413: return t('photo.tooLarge', { name });
    case 400:
    case 415: return t('photo.unsupported', { name });
    case 429: return t('photo.rateLimited');
    case 401: return t('photo.signIn');
    case 403: return err.body?.message ?? t('photo.failed', { name });
    case 0: return t('photo.offline', { name });
    default: return t('photo.failed', { name });
  }
}
