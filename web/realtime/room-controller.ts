import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { listenToRoom, type RoomEvent } from './socket';

/** Options of a RoomController. */
export interface RoomControllerOptions {
  /** The room to follow, read on connect and on every update; null follows nothing. */
  room: () => string | null;
  /** Each event of the room, once and in order (also those missed while offline). */
  onEvent: (event: RoomEvent) => void;
  /** The events missed were too old to replay: reload the view from the API. */
  onResync?: () => void;
  /**
   * The room's seq that came with the view's data (read by the server before the data).
   * When given, the controller waits until it is a number and subscribes from it, so an
   * event that happened while the data travelled is replayed rather than lost. Return null
   * while the data for the current room is not loaded, undefined to follow from now on.
   */
  since?: () => number | null | undefined;
}

/**
 * Follows a realtime room while its host element is connected, switching rooms when
 * `room()` changes. Handlers should be idempotent upserts by id: an event can describe a
 * row the view already fetched.
 */
export class RoomController implements ReactiveController {
  private current: string | null = null;
  private stop: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: RoomControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = null;
    this.current = null;
  }

  private sync(): void {
    const room = this.options.room();
    if (room !== this.current) {
      this.stop?.();
      this.stop = null;
      this.current = room;
    }
    if (!room || this.stop) return;
    const since = this.options.since ? this.options.since() : undefined;
    // The view's data for this room has not arrived yet: its seq is where to start.
    if (since === null) return;
    this.stop = listenToRoom(
      room,
      (event) => {
        this.options.onEvent(event);
        this.host.requestUpdate();
      },
      () => this.options.onResync?.(),
      since,
    );
  }
}

/**
 * Where a view follows its room from: the room's seq that came with the view's first data
 * (so an event made while the data travelled is replayed). A RoomController's `since` reads
 * `value`: null until the first data arrive, then their seq; undefined when they failed, so
 * the room is followed from now on. Later data leave it as it is: the room is followed by then.
 */
export class FirstSeq {
  value: number | null | undefined = null;

  /** The first data arrived with this seq. */
  took(seq: number): void {
    if (this.value === null) this.value = seq;
  }

  /** The first data could not be read. */
  failed(): void {
    if (this.value === null) this.value = undefined;
  }
}
