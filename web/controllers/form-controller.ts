import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, isAbortError } from '../api/client';
import { errorText } from '../api/error-text';
import { t, type MessageKey, type MessageParams } from '../i18n';

/** Why a field is not accepted: a client-side check (a message key) or the server's answer. */
export type FieldProblem = { readonly key: MessageKey; readonly params?: MessageParams } | { readonly error: unknown };

/** The problems of a form's fields, by field name (or the server's dotted field path). */
export type FieldProblems<F extends string> = Partial<Record<F, FieldProblem>>;

/** The sentence for a problem, in the current language. */
export function problemText(problem: FieldProblem): string {
  return 'key' in problem ? t(problem.key, problem.params) : errorText(problem.error);
}

/**
 * The form field a server error belongs to, among `fields`: the `field` of any error body
 * that names one (its first path segment) — a 400 VALIDATION, a 400 WATCHED_WORD on the
 * body or title, a 400 on a date... — or the username for 409 USERNAME_TAKEN.
 * Null when the error concerns the whole form (401 BAD_CREDENTIALS, 429, network...).
 */
export function fieldOfError<F extends string>(err: unknown, fields: readonly F[]): F | null {
  if (!(err instanceof ApiError)) return null;
  let name: string | null = null;
  if (err.code === 'USERNAME_TAKEN') name = 'username';
  else if (err.field) name = err.field.split('.')[0] ?? null;
  return name !== null && (fields as readonly string[]).includes(name) ? (name as F) : null;
}

/**
 * How a form explains a failed send itself, instead of the usual placement: problems
 * beside fields, a replacement sentence above the button, or `'handled'` when the form has
 * already said what happened (an offline notice) and nothing more is to be shown.
 */
export type SubmitFailure<F extends string> =
  | { readonly problems: FieldProblems<F> }
  | { readonly formError: unknown }
  | 'handled';

/** One submit of a form. */
export interface SubmitRun<F extends string> {
  /** The form's own checks, run first; any problem stops the submit before anything is sent. */
  validate?: () => FieldProblems<F>;
  /** Sends the form and does what follows a success; a rejection is the failure placed. */
  send: (signal: AbortSignal) => Promise<unknown>;
  /** The field a server error names, for this submit (overrides the controller's). */
  fieldOf?: (err: unknown) => F | null;
  /** Explains a failure the form knows better; undefined leaves it to the usual placement. */
  failed?: (err: unknown) => SubmitFailure<F> | undefined;
}

/** How a FormController places server errors and finds the field to focus. */
export interface FormControllerOptions<F extends string> {
  /** The fields whose server errors show beside them (see fieldOfError); others go above the button. */
  fields?: readonly F[];
  /** Maps a server error to the field it concerns, where the form's fields are not plain names. */
  fieldOf?: (err: unknown) => F | null;
  /** The control to focus after a rejected submit; by default the first `[aria-invalid="true"]`. */
  firstInvalid?: (root: ParentNode, problems: FieldProblems<F>) => HTMLElement | null;
}

/** A Lit element, as far as the controller needs it. */
type FormHost = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/**
 * The one submit routine of the forms, and the one place a failed submit is handled:
 * a busy guard (a double click sends once), clearing the last errors, the form's own
 * checks, focusing the first invalid field, sending, and placing the server's answer —
 * beside the field it names, or above the button when it concerns the whole form (or
 * names a field this form does not show). The form renders `busy`, `problem(field)` and
 * `formError`, and calls `clear(field)` as the person corrects a field.
 *
 *   private readonly _form = new FormController<'username' | 'password'>(this, { fields: ['username', 'password'] });
 *   private _submit(event: SubmitEvent) {
 *     event.preventDefault();
 *     void this._form.submit({ validate: () => ..., send: () => api.post(...) });
 *   }
 */
export class FormController<F extends string = string> implements ReactiveController {
  /** True while a submit is being sent. */
  busy = false;
  /** The problems shown beside fields. */
  problems: FieldProblems<F> = {};
  /** The failure shown above the button (for gr-error-message), or null. */
  formError: unknown = null;
  /**
   * True from a submit that fields stopped until the next submit or reset: the form then
   * says near its button how many fields need attention (see `attentionText`).
   */
  stoppedByFields = false;

  private readonly _host: FormHost;
  private readonly _options: FormControllerOptions<F>;
  private _abort: AbortController | null = null;

  constructor(host: FormHost, options: FormControllerOptions<F> = {}) {
    this._host = host;
    this._options = options;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    // A form that leaves the page mid-send drops the answer rather than update a detached form.
    this._abort?.abort();
    this._abort = null;
  }

  /** The problem of one field, for its template. */
  problem(field: F): FieldProblem | undefined {
    return this.problems[field];
  }

  /** How many fields need attention. */
  get invalidCount(): number {
    return Object.values(this.problems).filter(Boolean).length;
  }

  /**
   * The sentence near the submit button after a submit that fields stopped ("2 fields need
   * attention"), counting down as they are corrected; '' otherwise. Every form renders it
   * with formAttention() beside its button, so a failed tap never looks like nothing happened.
   */
  get attentionText(): string {
    const count = this.invalidCount;
    if (!this.stoppedByFields || count === 0) return '';
    return count === 1 ? t('form.attentionOne') : t('form.attentionMany', { count });
  }

  /** Forgets the problem of a field the person is correcting. */
  clear(field: F): void {
    if (!this.problems[field]) return;
    const { [field]: _gone, ...rest } = this.problems;
    this.problems = rest as FieldProblems<F>;
    this._host.requestUpdate();
  }

  /** Forgets the problems of every field whose path starts with `prefix` (rows of a list that moved). */
  clearUnder(prefix: string): void {
    const kept = Object.entries(this.problems).filter(([key]) => !key.startsWith(prefix));
    if (kept.length === Object.keys(this.problems).length) return;
    this.problems = Object.fromEntries(kept) as FieldProblems<F>;
    this._host.requestUpdate();
  }

  /** An input or change listener for a form: clears the problem of the field named by its target. */
  readonly clearOnInput = (event: Event): void => {
    const name = (event.target as HTMLInputElement | null)?.name;
    if (name) this.clear(name as F);
  };

  /** Clears every problem and the form's error (the form was reset or moved on). */
  reset(): void {
    this.problems = {};
    this.formError = null;
    this.stoppedByFields = false;
    this._host.requestUpdate();
  }

  /** Shows problems found outside a submit, and focuses the first of them. */
  show(problems: FieldProblems<F>, formError: unknown = null): Promise<void> {
    this.problems = problems;
    this.formError = formError;
    this.stoppedByFields = this.invalidCount > 0;
    this._host.requestUpdate();
    return this._showFirstProblem();
  }

  /**
   * Submits once: returns true when sent, false when the form's checks, the server or the
   * network said no (the reason is then on the form, and focus is on the first field to
   * fix). A submit while one is being sent does nothing and returns false.
   */
  async submit(run: SubmitRun<F>): Promise<boolean> {
    if (this.busy) return false;
    this.formError = null;
    this.problems = run.validate?.() ?? {};
    this.stoppedByFields = this.invalidCount > 0;
    if (this.stoppedByFields) {
      this._host.requestUpdate();
      await this._showFirstProblem();
      return false;
    }
    const abort = new AbortController();
    this._abort = abort;
    this.busy = true;
    this._host.requestUpdate();
    try {
      await run.send(abort.signal);
      this.stoppedByFields = false;
      return true;
    } catch (err) {
      if (abort.signal.aborted || isAbortError(err)) return false;
      const failure = run.failed?.(err);
      if (failure === 'handled') return false;
      this.busy = false;
      await this._place(err, failure, run.fieldOf ?? this._options.fieldOf);
      return false;
    } finally {
      if (this._abort === abort) this._abort = null;
      this.busy = false;
      this._host.requestUpdate();
    }
  }

  private async _place(
    err: unknown,
    failure: SubmitFailure<F> | undefined,
    fieldOf: ((err: unknown) => F | null) | undefined,
  ): Promise<void> {
    if (failure && failure !== 'handled') {
      if ('problems' in failure) this.problems = failure.problems;
      else this.formError = failure.formError;
      this.stoppedByFields = this.invalidCount > 0;
      this._host.requestUpdate();
      await this._showFirstProblem();
      return;
    }
    const field = fieldOf ? fieldOf(err) : fieldOfError(err, this._options.fields ?? []);
    if (field === null) {
      this.formError = err;
    } else {
      const problems: FieldProblems<F> = {};
      problems[field] = { error: err };
      this.problems = problems;
    }
    this.stoppedByFields = this.invalidCount > 0;
    this._host.requestUpdate();
    await this._host.updateComplete;
    // A field this form does not show (a server rule about a part it has no input for):
    // the sentence goes above the button instead, where it is seen.
    if (field !== null && !this._firstInvalid() && !this._host.renderRoot.querySelector('.field-error')) {
      this.problems = {};
      this.formError = err;
      this.stoppedByFields = false;
      this._host.requestUpdate();
    }
    await this._showFirstProblem();
  }

  /**
   * After a rejected submit: focus the first field to fix and scroll it into view or, when
   * the problem is the whole form's, bring its message into view. Focusing alone scrolls
   * only as far as the window's edge, where a sticky submit bar covers the field; scrolling
   * honours the field's scroll-margin (baseStyles keeps invalid fields clear of the bar).
   */
  private async _showFirstProblem(): Promise<void> {
    await this._host.updateComplete;
    const root = this._host.renderRoot;
    const target = this._firstInvalid();
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'nearest' });
      return;
    }
    const message =
      [...root.querySelectorAll<HTMLElement & { error?: unknown }>('gr-error-message')].find((node) => node.error) ??
      root.querySelector<HTMLElement>('.field-error');
    if (message && !inView(message)) message.scrollIntoView({ block: 'center' });
  }

  private _firstInvalid(): HTMLElement | null {
    const root = this._host.renderRoot;
    return this._options.firstInvalid?.(root, this.problems) ?? root.querySelector<HTMLElement>('[aria-invalid="true"]');
  }
}

function inView(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  return rect.top >= 0 && rect.bottom <= window.innerHeight;
}
