import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LiveAnnouncer } from '../../web/controllers/live-announcer';

/** A host standing in for a Lit element: it keeps its controllers and counts update requests. */
function fakeHost() {
  const controllers: ReactiveController[] = [];
  const host = {
    updates: 0,
    controllers,
    addController(controller: ReactiveController) {
      controllers.push(controller);
    },
    removeController() {},
    requestUpdate() {
      host.updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
  return host as typeof host & ReactiveControllerHost;
}

describe('LiveAnnouncer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says a burst of events once, with their number, when they stop arriving', () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const announcer = new LiveAnnouncer(host, (count) => `${count} new`);
    announcer.note();
    vi.advanceTimersByTime(500);
    announcer.note();
    announcer.note();
    vi.advanceTimersByTime(1000);
    expect(announcer.text).toBe('');
    vi.advanceTimersByTime(500);
    expect(announcer.text).toBe('3 new');
    expect(host.updates).toBe(1);
    // The next burst counts from zero.
    announcer.note();
    vi.advanceTimersByTime(2000);
    expect(announcer.text).toBe('1 new');
  });

  it('says nothing for a burst cut short by the host leaving the page', () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const announcer = new LiveAnnouncer(host, (count) => `${count} new`);
    announcer.note();
    announcer.hostDisconnected();
    vi.advanceTimersByTime(5000);
    expect(announcer.text).toBe('');
    expect(host.updates).toBe(0);
  });
});
