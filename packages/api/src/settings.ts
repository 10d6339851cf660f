import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';

import type { ApiEnv } from './context.js';
import { problem, respondProblem } from './problem.js';

/**
 * Settings an operator can change while the API runs (in AWS: an SSM parameter). Other keys,
 * such as a note on why the API is read-only, are allowed and ignored.
 */
export const apiSettingsSchema = z.object({
  /** Refuse every change (registrations, talks, event edits) while reads go on. */
  readOnly: z.boolean(),
});
export type ApiSettings = z.infer<typeof apiSettingsSchema>;

export const DEFAULT_SETTINGS: ApiSettings = { readOnly: false };

/** Reads the current settings; implementations cache them. */
export type SettingsSource = () => Promise<ApiSettings>;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Answers changes with 503 while the API is read-only, such as during a data repair. The
 * answer says when to try again; reads are served as usual.
 */
export function readOnlyGuard(settings: SettingsSource): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!READ_METHODS.has(c.req.method) && (await settings()).readOnly) {
      return respondProblem(
        c,
        problem(503, 'read-only', 'changes are paused for maintenance; try again in a few minutes'),
        { 'retry-after': '300' },
      );
    }
    await next();
  };
}
