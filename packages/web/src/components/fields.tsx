import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';

import { useI18n } from '../i18n/language.js';

/** What every labelled control shares: an id, a visible label, a hint and an error. */
interface FieldBase {
  id: string;
  label: string;
  /** A short help text shown under the label and read with the control. */
  hint?: string | undefined;
  /** The problem with the value, shown next to the control and read with it. */
  error?: string | undefined;
  /** Marks the label "(optional)"; controls are required unless said otherwise. */
  optional?: boolean;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint === undefined ? '' : `${id}-hint`, error === undefined ? '' : `${id}-error`];
  const joined = ids.filter((value) => value !== '').join(' ');
  return joined === '' ? undefined : joined;
}

function Label({ id, label, optional }: Pick<FieldBase, 'id' | 'label' | 'optional'>) {
  const { t } = useI18n();
  return (
    <label htmlFor={id}>
      {label}
      {optional === true && <span className="optional"> {t.form.optional}</span>}
    </label>
  );
}

function HintAndError({ id, hint, error }: Pick<FieldBase, 'id' | 'hint' | 'error'>) {
  return (
    <>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

function controlProps(field: FieldBase) {
  return {
    id: field.id,
    name: field.id,
    required: field.optional !== true,
    'aria-invalid': field.error === undefined ? undefined : true,
    'aria-describedby': describedBy(field.id, field.hint, field.error),
  };
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'required'>;

export function TextField({ id, label, hint, error, optional, ...input }: FieldBase & InputProps) {
  return (
    <div className="field">
      <Label id={id} label={label} optional={optional} />
      <input type="text" {...input} {...controlProps({ id, label, hint, error, optional })} />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name' | 'required'>;

export function TextAreaField({
  id,
  label,
  hint,
  error,
  optional,
  ...textarea
}: FieldBase & TextAreaProps) {
  return (
    <div className="field">
      <Label id={id} label={label} optional={optional} />
      <textarea rows={5} {...textarea} {...controlProps({ id, label, hint, error, optional })} />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name' | 'required'>;

export function SelectField({
  id,
  label,
  hint,
  error,
  optional,
  children,
  ...select
}: FieldBase & SelectProps & { children: ReactNode }) {
  return (
    <div className="field">
      <Label id={id} label={label} optional={optional} />
      <select {...select} {...controlProps({ id, label, hint, error, optional })}>
        {children}
      </select>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/** A set of radio buttons under one legend; the error is read with every choice. */
export function RadioGroup<T extends string>({
  id,
  label,
  hint,
  error,
  choices,
  value,
  onChange,
}: Omit<FieldBase, 'optional'> & {
  choices: readonly Choice<T>[];
  value: T | undefined;
  onChange: (value: T) => void;
}) {
  const description = describedBy(id, hint, error);
  return (
    <fieldset className="field radio-group" id={id} aria-describedby={description}>
      <legend>{label}</legend>
      {choices.map((choice) => (
        <div className="choice" key={choice.value}>
          <input
            type="radio"
            id={`${id}-${choice.value}`}
            name={id}
            value={choice.value}
            checked={value === choice.value}
            required
            aria-invalid={error === undefined ? undefined : true}
            aria-describedby={description}
            onChange={() => {
              onChange(choice.value);
            }}
          />
          <label htmlFor={`${id}-${choice.value}`}>{choice.label}</label>
        </div>
      ))}
      <HintAndError id={id} hint={hint} error={error} />
    </fieldset>
  );
}

export function CheckboxField({
  id,
  label,
  hint,
  error,
  checked,
  onChange,
}: Omit<FieldBase, 'optional'> & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="field checkbox">
      <input
        type="checkbox"
        id={id}
        name={id}
        checked={checked}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => {
          onChange(event.currentTarget.checked);
        }}
      />
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}
