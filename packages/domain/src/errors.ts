/**
 * Errors a domain rule raises. Each carries the HTTP status it maps to, so the API can answer
 * with a problem document without knowing every rule.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** A short, stable slug for the problem type, e.g. `event-full`. */
  abstract readonly code: string;
  /** The input field the problem is about, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    this.field = field;
  }
}

/** Input that is well-formed but breaks a rule (end before start, capacity below bookings). */
export class RuleViolationError extends DomainError {
  readonly status = 422;
  readonly code: string;

  constructor(code: string, message: string, field?: string) {
    super(message, field);
    this.code = code;
  }
}

/** The thing asked for does not exist, or the caller may not know that it exists. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
}

/** The request conflicts with the current state (already registered, talk limit reached). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: string;

  constructor(code: string, message: string, field?: string) {
    super(message, field);
    this.code = code;
  }
}

/** The caller's manage token does not match the entry it names. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** Input that cannot be read at all, such as a cursor that was not made by this API. */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly code = 'invalid-input';
}
