import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onPresence, onTyping, type TypingInfo } from '../realtime/socket';

/** How long "someone is typing" shows after their last signal. */
const TYPING_SHOWN_MS = 6000;

/**
 * Who else is typing in a topic and how many people are reading it: the realtime hints of
 * the topic room (never stored), followed while the host is connected.
 */
export class TopicActivityController implements ReactiveController {
  /** How many readers the room has, or null until the server says. */
  readers: number | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _room: () => string | null;
  private readonly _self: () => number | null;
  private _current: string | null = null;
  private _stop: Array<() => void> = [];
  private readonly _typing = new Map<number, { name: string; until: number }>();
  private _timer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ReactiveControllerHost, room: () => string | null, self: () => number | null) {
    this._host = host;
    this._room = room;
    this._self = self;
    host.addController(this);
  }

  /** The names of those typing now (the viewer left out). */
  get typing(): string[] {
    const now = Date.now();
    return [...this._typing.values()].filter((entry) => entry.until > now).map((entry) => entry.name);
  }

  /**
   * A post by `userId` arrived: whatever they were typing is sent, so "… is typing" goes
   * at once rather than when the signal would have run out.
   */
  posted(userId: number): void {
    if (!this._typing.delete(userId)) return;
    this._host.requestUpdate();
    this._scheduleExpiry();
  }

  hostConnected(): void {
    this._sync();
  }

  hostUpdated(): void {
    this._sync();
  }

  hostDisconnected(): void {
    this._unsubscribe();
    this._current = null;
  }

  private _sync(): void {
    const room = this._room();
    if (room === this._current) return;
    this._unsubscribe();
    this._current = room;
    if (!room) return;
    this._stop = [
      onTyping(room, (info) => this._onTyping(info)),
      onPresence(room, (readers) => {
        this.readers = readers;
        this._host.requestUpdate();
      }),
    ];
  }

  private _unsubscribe(): void {
    this._stop.forEach((stop) => stop());
    this._stop = [];
    this._typing.clear();
    this.readers = null;
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
  }

  private _onTyping(info: TypingInfo): void {
    if (info.user.id === this._self()) return;
    this._typing.set(info.user.id, { name: info.user.displayName || info.user.username, until: Date.now() + TYPING_SHOWN_MS });
    this._host.requestUpdate();
    this._scheduleExpiry();
  }

  private _scheduleExpiry(): void {
    if (this._timer) clearTimeout(this._timer);
    const now = Date.now();
    const next = Math.min(...[...this._typing.values()].map((entry) => entry.until));
    for (const [id, entry] of this._typing) if (entry.until <= now) this._typing.delete(id);
    if (this._typing.size === 0) return;
    this._timer = setTimeout(() => {
      this._timer = null;
      this._host.requestUpdate();
      this._scheduleExpiry();
    }, Math.max(100, next - now));
  }
}
