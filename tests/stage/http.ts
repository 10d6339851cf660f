/** An answer of the stage, read once. */
export interface StageAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface StageRequest {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * HTTP against one stage: paths are resolved against its base URL (so a base with a path
 * prefix works), every request has a timeout, and each answer is read in full.
 */
export class StageClient {
  private readonly base: URL;

  constructor(
    baseUrl: URL,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl.href.endsWith('/') ? baseUrl.href : `${baseUrl.href}/`);
  }

  /** The absolute URL of a path of the stage, such as `api/health`. */
  url(path: string): string {
    return new URL(path.replace(/^\//, ''), this.base).toString();
  }

  /** Sends one request (a body as JSON) and reads the whole answer. */
  async send(method: string, path: string, request: StageRequest = {}): Promise<StageAnswer> {
    const response = await fetch(this.url(path), {
      method,
      headers: {
        accept: 'application/json, text/html;q=0.9',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      json,
    };
  }
}

/** Throws with the request and what came back unless the answer has the expected status. */
export function expectStatus(answer: StageAnswer, expected: number, what: string): void {
  if (answer.status !== expected) {
    const detail = answer.text.replace(/\s+/g, ' ').slice(0, 200);
    throw new Error(
      `${what} answered ${String(answer.status)}, expected ${String(expected)}: ${detail}`,
    );
  }
}
