/**
 * The one place that calls `fetch` for the API. Successful responses come back as the type the
 * caller names; failures come back as an {@link ApiError} built from the problem document.
 */

/** One input field the API found wrong; `field` is a dotted path such as `venue.name`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A failed call: an HTTP problem from the server, or `network-error` when none arrived. */
export class ApiError extends Error {
  readonly status: number;
  /** A stable slug such as `already-registered`; `network-error` when the server was not reached. */
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldProblem[];

  constructor(problem: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    errors?: readonly FieldProblem[];
  }) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Calls `path` on this origin and returns its JSON body as `T`, or throws an {@link ApiError}. */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    signal: options.signal ?? null,
  };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network-error', title: 'Network error' });
  }

  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  // The API is trusted to keep its contract; the types above are that contract.
  return (await response.json()) as T;
}

/** A file the API answered with, and the name it suggests for saving it. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/**
 * Calls `path` for a file (CSV, calendar) and returns its bytes with the file name of its
 * `Content-Disposition`, or `fallbackName`; failures come back as an {@link ApiError}.
 */
export async function requestFile(
  path: string,
  fallbackName: string,
  options: Pick<RequestOptions, 'headers' | 'signal'> = {},
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: '*/*', ...options.headers },
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network-error', title: 'Network error' });
  }

  if (!response.ok) throw await problemFrom(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const named = /filename="([^"]+)"/.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: named ?? fallbackName };
}

/** Reads a failed response into an {@link ApiError}, whatever its body turns out to be. */
export async function problemFrom(response: Response): Promise<ApiError> {
  const fallback = {
    status: response.status,
    code: `http-${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
  };
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^application\/(problem\+)?json\b/i.test(contentType)) return new ApiError(fallback);

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(fallback);
  }
  if (!isRecord(body)) return new ApiError(fallback);

  return new ApiError({
    status: typeof body.status === 'number' ? body.status : fallback.status,
    code: typeof body.code === 'string' ? body.code : fallback.code,
    title: typeof body.title === 'string' ? body.title : fallback.title,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    errors: Array.isArray(body.errors) ? body.errors.filter(isFieldProblem) : [],
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}

/** Whether `error` is an {@link ApiError} with this HTTP status. */
export function hasStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}

/** Encodes one path segment taken from a URL or from the API. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
