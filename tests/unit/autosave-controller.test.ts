import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AutosaveController, type DraftStore } from '../../web/controllers/autosave-controller';

interface Draft {
  savedAt: string;
  text: string;
}

/** A DraftStore kept in a Map, as localStorage would keep it per user. */
function memoryStore(): DraftStore<Draft> & { drafts: Map<number, Draft> } {
  const drafts = new Map<number, Draft>();
  return {
    drafts,
    read: (userId) => drafts.get(userId) ?? null,
    write: (userId, draft) => {
      drafts.set(userId, draft);
      return true;
    },
    clear: (userId) => {
      drafts.delete(userId);
    },
    hasContent: (draft) => draft.text.trim() !== '',
  };
}

function setup(options: { text?: () => string; userId?: number | null } = {}) {
  const controllers: ReactiveController[] = [];
  const host: ReactiveControllerHost = {
    addController: (controller) => controllers.push(controller),
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  };
  const store = memoryStore();
  let text = '';
  const autosave = new AutosaveController<Draft>(host, {
    store,
    userId: () => (options.userId === undefined ? 7 : options.userId),
    snapshot: (savedAt) => ({ savedAt, text: options.text?.() ?? text }),
    delay: 400,
  });
  return {
    autosave,
    store,
    type: (value: string) => {
      text = value;
      autosave.changed();
    },
    connect: () => controllers.forEach((c) => c.hostConnected?.()),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('window', new EventTarget());
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('AutosaveController', () => {
  it('saves the user’s draft once typing pauses', () => {
    const { type, store, autosave } = setup();
    type('路难走');
    expect(store.drafts.size).toBe(0);
    vi.advanceTimersByTime(400);
    expect(store.drafts.get(7)?.text).toBe('路难走');
    expect(autosave.savedAt).toBe(store.drafts.get(7)?.savedAt);
  });

  it('saves nothing that is empty, and nothing for nobody signed in', () => {
    const empty = setup();
    empty.type('   ');
    vi.advanceTimersByTime(400);
    expect(empty.store.drafts.size).toBe(0);
    const anonymous = setup({ userId: null });
    anonymous.type('text');
    vi.advanceTimersByTime(400);
    expect(anonymous.store.drafts.size).toBe(0);
  });

  it('offers a draft left from before, and hands it over once when restored', () => {
    const { store, autosave, connect } = setup();
    store.write(7, { savedAt: '2026-04-02T08:00:00.000Z', text: '上次的草稿' });
    connect();
    expect(autosave.offer?.text).toBe('上次的草稿');
    expect(autosave.restore()?.text).toBe('上次的草稿');
    expect(autosave.offer).toBeNull();
    expect(autosave.restore()).toBeNull();
  });

  it('forgets a declined draft, unless a new one was typed meanwhile', () => {
    const first = setup();
    first.store.write(7, { savedAt: 'x', text: 'old' });
    first.connect();
    first.autosave.discard();
    expect(first.store.drafts.size).toBe(0);
    const second = setup();
    second.store.write(7, { savedAt: 'x', text: 'old' });
    second.connect();
    second.type('new');
    second.autosave.discard();
    vi.advanceTimersByTime(400);
    expect(second.store.drafts.get(7)?.text).toBe('new');
  });

  it('saves typing at once when the page is hidden or the form leaves it', () => {
    const hidden = setup();
    hidden.connect();
    hidden.type('hidden');
    window.dispatchEvent(new Event('pagehide'));
    expect(hidden.store.drafts.get(7)?.text).toBe('hidden');
    hidden.disconnect();
    const left = setup();
    left.connect();
    left.type('left');
    left.disconnect();
    expect(left.store.drafts.get(7)?.text).toBe('left');
  });

  it('clears the draft once the form is saved for good, and saves no more on leaving', () => {
    const { type, store, autosave, connect, disconnect } = setup();
    connect();
    type('sent');
    autosave.saveNow();
    type('sent, then a last keystroke');
    autosave.done();
    expect(store.drafts.size).toBe(0);
    vi.advanceTimersByTime(400);
    disconnect();
    expect(store.drafts.size).toBe(0);
  });
});
