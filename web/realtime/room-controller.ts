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
    if (room === this.current) return;
    this.stop?.();
    this.stop = null;
    this.current = room;
    if (room) {
      this.stop = listenToRoom(
        room,
        (event) => {
          this.options.onEvent(event);
          this.host.requestUpdate();
        },
        () => this.options.onResync?.(),
      );
    }
  }
}
