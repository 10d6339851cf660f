import { ApiError } from '../api/client.js';
import type { Messages, ProblemCode } from '../i18n/messages-ja.js';

/** Errors to show on a form: one message per field, and one for the form as a whole. */
export interface FormErrors {
  fields: Readonly<Record<string, string>>;
  form: string | undefined;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: undefined };

/** The field a rule's problem is about when the API names the rule but no field. */
const FIELD_OF_CODE: Partial<Record<ProblemCode, string>> = {
  'already-registered': 'email',
  'attendance-not-offered': 'attendance',
  'end-before-start': 'endsAt',
  'venue-required': 'venue.name',
  'no-onsite-seats': 'onsiteCapacity',
  'online-has-seats': 'onsiteCapacity',
  'capacity-below-confirmed': 'onsiteCapacity',
};

function isProblemCode(code: string, t: Messages): code is ProblemCode {
  return Object.hasOwn(t.problems, code);
}

/** A sentence for any failure, in the visitor's language when the problem is a known one. */
export function problemText(error: unknown, t: Messages): string {
  if (!(error instanceof ApiError)) return t.problems.unexpected;
  if (isProblemCode(error.code, t)) return t.problems[error.code];
  if (error.status === 401) return t.problems.unauthorized;
  if (error.status === 403) return t.problems.forbidden;
  if (error.status === 404) return t.problems['not-found'];
  if (error.status >= 500) return t.problems.server;
  return error.detail ?? error.title;
}

/**
 * Spreads an API failure over a form. A known rule gets its translated sentence next to its
 * field; input checks keep the API's own message next to each named field; anything the form
 * has no field for goes to the form's message, so nothing the API says is lost.
 *
 * @param fieldNames the fields the form shows, as the API names them (`venue.name`). A problem
 * about a parent path (`venue`) lands on the first field under it.
 */
export function formErrorsFrom(
  error: unknown,
  fieldNames: readonly string[],
  t: Messages,
): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: problemText(error, t) };

  const placeOf = (path: string): string | undefined =>
    fieldNames.find((name) => name === path) ??
    fieldNames.find((name) => name.startsWith(`${path}.`));

  const fields: Record<string, string> = {};
  const leftOver: string[] = [];
  const known = isProblemCode(error.code, t);

  const reported = error.errors;
  for (const problem of reported) {
    const place = placeOf(problem.field);
    const message = known && reported.length === 1 ? problemText(error, t) : problem.message;
    if (place === undefined) leftOver.push(`${problem.field}: ${problem.message}`);
    else fields[place] ??= message;
  }
  if (reported.length === 0 && isProblemCode(error.code, t)) {
    const place = placeOf(FIELD_OF_CODE[error.code] ?? '');
    if (place !== undefined) fields[place] = problemText(error, t);
  }

  const anyField = Object.keys(fields).length > 0;
  let form: string | undefined;
  if (leftOver.length > 0) form = `${t.form.checkFields} ${leftOver.join(' / ')}`;
  else if (anyField) form = t.form.checkFields;
  else form = problemText(error, t);
  return { fields, form };
}
