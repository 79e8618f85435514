import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getLocale, subscribeLocale, type Locale } from '../i18n';

/**
 * Re-renders its host when the interface language changes. Every element that shows text
 * from `t()` adds one: `private readonly _locale = new LocaleController(this);`.
 */
export class LocaleController implements ReactiveController {
  private readonly _host: ReactiveControllerHost;
  private _unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this._host = host;
    host.addController(this);
  }

  /** The current interface language. */
  get locale(): Locale {
    return getLocale();
  }

  hostConnected(): void {
    this._unsubscribe = subscribeLocale(() => this._host.requestUpdate());
  }

  hostDisconnected(): void {
    this._unsubscribe?.();
    this._unsubscribe = null;
  }
}

/**
 * Makes `host` re-render whenever the interface language changes (as @lit/localize's
 * function of the same name). Call it in the element's constructor.
 */
export function updateWhenLocaleChanges(host: ReactiveControllerHost): void {
  new LocaleController(host);
}
