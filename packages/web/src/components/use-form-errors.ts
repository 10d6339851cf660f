import { useEffect, useRef, useState } from 'react';

import { NO_ERRORS, type FormErrors } from './problems.js';

/**
 * Holds a form's errors and, each time new ones arrive, moves focus to the first field in
 * error so that keyboard and screen-reader users land where the fix is needed.
 */
export function useFormErrors() {
  const [errors, setErrorsState] = useState<FormErrors>(NO_ERRORS);
  const form = useRef<HTMLFormElement>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (round === 0) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [round]);

  function setErrors(next: FormErrors) {
    setErrorsState(next);
    if (Object.keys(next.fields).length > 0) setRound((current) => current + 1);
  }

  return {
    errors,
    setErrors,
    clearErrors: () => {
      setErrorsState(NO_ERRORS);
    },
    form,
  };
}

/** Field errors for values left empty, in the visitor's language. */
export function requiredErrors(
  values: Readonly<Record<string, string | undefined>>,
  message: string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined || value.trim() === '') errors[field] = message;
  }
  return errors;
}
