import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ApiError } from '../../api/client';
import { errorText } from '../../api/error-text';
import { t, type MessageKey, type MessageParams } from '../../i18n';

/*
 * Helpers for the forms of the pages. They are template functions, not elements, so that
 * each <label for> sits in the same shadow root as its input (labels cannot point across
 * shadow roots) and password managers see ordinary fields.
 */

/** Why a field is not accepted: a client-side check (a message key) or the server's answer. */
export type FieldProblem = { readonly key: MessageKey; readonly params?: MessageParams } | { readonly error: unknown };

/** The problems of a form's fields, by field name. */
export type FieldProblems<F extends string> = Partial<Record<F, FieldProblem>>;

/** The sentence for a problem, in the current language. */
export function problemText(problem: FieldProblem): string {
  return 'key' in problem ? t(problem.key, problem.params) : errorText(problem.error);
}

/**
 * The form field a server error belongs to, among `fields`: the `field` of a 400
 * VALIDATION body (its first path segment), or the username for 409 USERNAME_TAKEN.
 * Null when the error concerns the whole form (401 BAD_CREDENTIALS, 429, network...).
 */
export function fieldOfError<F extends string>(err: unknown, fields: readonly F[]): F | null {
  if (!(err instanceof ApiError)) return null;
  let name: string | null = null;
  if (err.code === 'USERNAME_TAKEN') name = 'username';
  else if (err.code === 'VALIDATION' && err.field) name = err.field.split('.')[0] ?? null;
  return name !== null && (fields as readonly string[]).includes(name) ? (name as F) : null;
}

/**
 * Where a failed submit's error goes: beside the field it names (see fieldOfError), or
 * over the whole form. The forms assign both at once: `({ problems, formError } = …)`.
 */
export function placeSubmitError<F extends string>(
  err: unknown,
  fields: readonly F[],
): { problems: FieldProblems<F>; formError: unknown } {
  const field = fieldOfError(err, fields);
  if (!field) return { problems: {}, formError: err };
  const problems: FieldProblems<F> = {};
  problems[field] = { error: err };
  return { problems, formError: null };
}

/** The length of a string as the server counts it: in characters, not UTF-16 units. */
export function charCount(value: string): number {
  return [...value].length;
}

/** What textField() renders. */
export interface TextFieldOptions {
  /** The input's id, unique in its shadow root. */
  id: string;
  /** The input's name in FormData. */
  name: string;
  label: string;
  type?: 'text' | 'password' | 'search';
  autocomplete?: string;
  /** A standing hint under the label (the rule the value must follow). */
  hint?: string;
  /** Marks the label "(optional)"; otherwise the field is required. */
  optional?: boolean;
  problem?: FieldProblem | undefined;
  maxlength?: number;
  /** Usernames and secrets: no auto-capitalisation nor spell checking. */
  verbatim?: boolean;
  /** Shown on the input's line, after it (a one-field form's submit button). */
  trailing?: TemplateResult;
}

/** A labelled text input with its hint and, when it has one, its problem (aria-invalid). */
export function textField(options: TextFieldOptions): TemplateResult {
  const hintId = options.hint ? `${options.id}-hint` : '';
  const errorId = options.problem ? `${options.id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const input = html`
    <input
      id=${options.id}
      name=${options.name}
      type=${options.type ?? 'text'}
      autocomplete=${ifDefined(options.autocomplete)}
      maxlength=${ifDefined(options.maxlength)}
      autocapitalize=${options.verbatim ? 'none' : 'sentences'}
      spellcheck=${options.verbatim ? 'false' : 'true'}
      ?required=${!options.optional}
      aria-invalid=${options.problem ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy || undefined)}
    />
  `;
  return html`
    <div class="field">
      <label for=${options.id}>${options.label}${options.optional
          ? html`<span class="optional">${t('form.optional')}</span>`
          : nothing}</label>
      ${options.hint ? html`<p class="hint" id=${hintId}>${options.hint}</p>` : nothing}
      ${options.trailing ? html`<div class="input-row">${input}${options.trailing}</div>` : input}
      ${options.problem ? html`<p class="field-error" id=${errorId}>${problemText(options.problem)}</p>` : nothing}
    </div>
  `;
}

/** Focuses the first field marked invalid in `root` (after a rejected submit). */
export function focusFirstInvalid(root: ParentNode): boolean {
  const field = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  field?.focus();
  return field !== null;
}
