import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../../web/api/client';
import { FormController, fieldOfError, problemText } from '../../web/controllers/form-controller';
import { loadMessages } from '../../web/i18n';

// The messages are chunks of their own, loaded by the app at boot: here, once, before the tests.
beforeAll(() => loadMessages('zh-CN'));

/** A field the fake form shows: it remembers being focused and scrolled into view. */
class FakeField {
  focused = 0;
  scrolled: ScrollIntoViewOptions[] = [];
  focus(): void {
    this.focused += 1;
  }
  scrollIntoView(options: ScrollIntoViewOptions): void {
    this.scrolled.push(options);
  }
}

/**
 * A host standing in for a Lit element: it keeps its controllers, counts update requests,
 * and answers the two queries the controller makes — the first invalid field (when the
 * form marks one) and a field error shown (when the test says the form shows one).
 */
function fakeHost(options: { showsFieldErrors?: boolean } = {}) {
  const controllers: ReactiveController[] = [];
  const field = new FakeField();
  /** A field error below the fold of a 900 px window. */
  const message = {
    scrolled: 0,
    getBoundingClientRect: () => ({ top: 2000, bottom: 2020 }),
    scrollIntoView() {
      message.scrolled += 1;
    },
  };
  const host = {
    updates: 0,
    field,
    message,
    controllers,
    /** Whether the form would render the current problem of a field (aria-invalid). */
    invalid: false,
    addController(controller: ReactiveController) {
      controllers.push(controller);
    },
    removeController() {},
    requestUpdate() {
      host.updates += 1;
    },
    updateComplete: Promise.resolve(true),
    renderRoot: {
      querySelector(selector: string) {
        if (selector === '[aria-invalid="true"]') return host.invalid ? field : null;
        if (selector === '.field-error') return options.showsFieldErrors ? message : null;
        return null;
      },
      querySelectorAll() {
        return [];
      },
    },
  };
  return host as typeof host & ReactiveControllerHost & { renderRoot: ParentNode };
}

function validation(field: string): ApiError {
  return new ApiError(400, 'VALIDATION', '用户名格式不对', {
    statusCode: 400, code: 'VALIDATION', error: 'Bad Request', message: '用户名格式不对', field,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('FormController.submit', () => {
  it('sends once while a submit is in flight (a double click)', async () => {
    const host = fakeHost();
    const form = new FormController(host);
    let sent = 0;
    let finish: () => void = () => {};
    const send = () => {
      sent += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const first = form.submit({ send });
    expect(form.busy).toBe(true);
    expect(await form.submit({ send })).toBe(false);
    finish();
    expect(await first).toBe(true);
    expect(sent).toBe(1);
    expect(form.busy).toBe(false);
  });

  it('sends nothing when the form’s checks find a problem, and focuses the field', async () => {
    const host = fakeHost();
    const form = new FormController<'username'>(host);
    host.invalid = true;
    let sent = false;
    const ok = await form.submit({
      validate: () => ({ username: { key: 'validation.usernameRequired' } }),
      send: async () => {
        sent = true;
      },
    });
    expect(ok).toBe(false);
    expect(sent).toBe(false);
    expect(form.problem('username')).toEqual({ key: 'validation.usernameRequired' });
    expect(form.invalidCount).toBe(1);
    expect(host.field.focused).toBe(1);
    // Scrolled by the controller (the field's scroll-margin keeps it clear of a sticky bar).
    expect(host.field.scrolled).toEqual([{ block: 'nearest' }]);
    expect(form.attentionText).toBe('有 1 处需要修改，已跳到该处。');
  });

  it('counts the fields that need attention down as they are corrected, and forgets them on success', async () => {
    const host = fakeHost();
    const form = new FormController<'username' | 'password'>(host);
    host.invalid = true;
    expect(form.attentionText).toBe('');
    await form.submit({
      validate: () => ({ username: { key: 'validation.usernameRequired' }, password: { key: 'validation.passwordTooShort' } }),
      send: async () => {},
    });
    expect(form.attentionText).toBe('有 2 处需要修改，已跳到第一处。');
    form.clear('username');
    expect(form.attentionText).toBe('有 1 处需要修改，已跳到该处。');
    form.clear('password');
    expect(form.attentionText).toBe('');
    expect(await form.submit({ send: async () => {} })).toBe(true);
    expect(form.attentionText).toBe('');
  });

  it('puts a server error naming one of its fields beside that field', async () => {
    const host = fakeHost();
    const form = new FormController<'username' | 'password'>(host, { fields: ['username', 'password'] });
    const err = validation('username');
    host.invalid = true;
    await form.submit({ send: () => Promise.reject(err) });
    expect(form.problem('username')).toEqual({ error: err });
    expect(form.formError).toBeNull();
    expect(host.field.focused).toBe(1);
    expect(form.busy).toBe(false);
  });

  it('puts a WATCHED_WORD error beside the field it names, not above the button', async () => {
    const host = fakeHost();
    const form = new FormController<'title' | 'body'>(host, { fields: ['title', 'body'] });
    const err = new ApiError(400, 'WATCHED_WORD', 'change it', {
      statusCode: 400, code: 'WATCHED_WORD', error: 'Bad Request', message: 'change it', field: 'body',
    });
    host.invalid = true;
    await form.submit({ send: () => Promise.reject(err) });
    expect(form.problem('body')).toEqual({ error: err });
    expect(form.problem('title')).toBeUndefined();
    expect(form.formError).toBeNull();
    expect(host.field.focused).toBe(1);
  });

  it('puts an error that names no field above the button', async () => {
    const form = new FormController<'username'>(fakeHost(), { fields: ['username'] });
    const err = new ApiError(401, 'BAD_CREDENTIALS', '用户名或密码不正确');
    await form.submit({ send: () => Promise.reject(err) });
    expect(form.formError).toBe(err);
    expect(form.problems).toEqual({});
  });

  it('puts an error about a field the form does not show above the button', async () => {
    const form = new FormController(fakeHost(), { fieldOf: () => 'quota.village.max' });
    const err = validation('quota.village.max');
    await form.submit({ send: () => Promise.reject(err) });
    expect(form.formError).toBe(err);
    expect(form.problems).toEqual({});
  });

  it('keeps a field error the form shows as a message without a field to mark, and scrolls to it', async () => {
    vi.stubGlobal('window', { innerHeight: 900 });
    const host = fakeHost({ showsFieldErrors: true });
    const form = new FormController(host, { fieldOf: () => 'phases' });
    const err = validation('phases');
    await form.submit({ send: () => Promise.reject(err) });
    expect(form.problems).toEqual({ phases: { error: err } });
    expect(form.formError).toBeNull();
    expect(host.message.scrolled).toBe(1);
  });

  it('lets the form explain a failure itself', async () => {
    const form = new FormController(fakeHost());
    const replaced = new Error('explained');
    await form.submit({ send: () => Promise.reject(new Error('raw')), failed: () => ({ formError: replaced }) });
    expect(form.formError).toBe(replaced);
    await form.submit({ send: () => Promise.reject(new Error('offline')), failed: () => 'handled' });
    expect(form.formError).toBeNull();
    expect(form.problems).toEqual({});
  });

  it('drops the answer of a submit cancelled by leaving the page', async () => {
    const host = fakeHost();
    const form = new FormController(host);
    const pending = form.submit({
      send: (signal) =>
        new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    for (const controller of host.controllers) controller.hostDisconnected?.();
    expect(await pending).toBe(false);
    expect(form.formError).toBeNull();
    expect(form.busy).toBe(false);
  });
});

describe('FormController.clear', () => {
  it('forgets one field’s problem, or every row under a prefix', async () => {
    const form = new FormController(fakeHost());
    await form.submit({
      validate: () => ({ 'followUps.0.text': { key: 'validation.tooLong' }, 'followUps.1.text': { key: 'validation.tooLong' }, name: { key: 'validation.tooLong' } }),
      send: async () => {},
    });
    form.clear('name');
    expect(Object.keys(form.problems)).toEqual(['followUps.0.text', 'followUps.1.text']);
    form.clearUnder('followUps.');
    expect(form.problems).toEqual({});
  });
});

describe('fieldOfError', () => {
  it('names the first segment of a VALIDATION field, and the username of USERNAME_TAKEN', () => {
    expect(fieldOfError(validation('password.length'), ['username', 'password'])).toBe('password');
    expect(fieldOfError(new ApiError(409, 'USERNAME_TAKEN', 'taken'), ['username'])).toBe('username');
  });

  it('names the field of any error that names one, such as a WATCHED_WORD on the body', () => {
    const watched = new ApiError(400, 'WATCHED_WORD', '内容含有不允许发布的词语，请修改后重试。', {
      statusCode: 400, code: 'WATCHED_WORD', error: 'Bad Request', message: '内容含有不允许发布的词语，请修改后重试。', field: 'body',
    });
    expect(fieldOfError(watched, ['title', 'body'])).toBe('body');
    expect(fieldOfError(watched, ['title'])).toBeNull();
    const conflict = new ApiError(409, 'CONFLICT', '已存在', { statusCode: 409, code: 'CONFLICT', error: 'Conflict', message: '已存在', field: 'slug.value' });
    expect(fieldOfError(conflict, ['slug'])).toBe('slug');
  });

  it('names nothing for a field the form does not have or an error without one', () => {
    expect(fieldOfError(validation('unitId'), ['username'])).toBeNull();
    expect(fieldOfError(new ApiError(0, 'NETWORK', 'offline'), ['username'])).toBeNull();
    expect(fieldOfError(new Error('plain'), ['username'])).toBeNull();
  });
});

describe('problemText', () => {
  it('says the server’s sentence for a server problem', () => {
    expect(problemText({ error: validation('username') })).toBe('用户名格式不对');
  });
});
