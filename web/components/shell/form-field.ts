import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { problemText, type FieldProblem, type FormController } from '../../controllers/form-controller';
import { t } from '../../i18n';

/*
 * Helpers for the forms of the pages. They are template functions, not elements, so that
 * each <label for> sits in the same shadow root as its input (labels cannot point across
 * shadow roots) and password managers see ordinary fields.
 */

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

/**
 * Beside a form's submit button: how many fields need attention after a submit they
 * stopped (FormController.attentionText). The live region is always in the page, so the
 * count is announced when it appears and as it changes, never on every render.
 */
export function formAttention(form: Pick<FormController, 'attentionText'>): TemplateResult {
  return html`<span class="form-attention" role="status">${form.attentionText}</span>`;
}

/** What a file field shows and reports. */
export interface FileFieldOptions {
  /** The input's id: the field's own <label for> names it. */
  id: string;
  /** The form field's name, when the form is read with FormData. */
  name?: string;
  accept: string;
  /** The chosen file's name, or null before one is chosen. */
  fileName: string | null;
  describedBy?: string;
  invalid?: boolean;
  onChange: (event: Event) => void;
}

/**
 * A file input in the interface's language: the browser's control stays in the form (focus,
 * keyboard, FormData) but out of sight, a button-styled label in our words opens it, and the
 * chosen file's name is shown and announced. Styled by `.file-field` in shared.styles.ts.
 */
export function fileField(options: FileFieldOptions): TemplateResult {
  return html`<div class="file-field">
    <input id=${options.id} name=${options.name ?? nothing} type="file" accept=${options.accept}
      aria-describedby=${options.describedBy ?? nothing} aria-invalid=${options.invalid ? 'true' : 'false'}
      @change=${options.onChange} />
    <label for=${options.id} class="button secondary" aria-hidden="true">${t('file.choose')}</label>
    <span class="file-name" aria-live="polite">${options.fileName ?? t('file.none')}</span>
  </div>`;
}
