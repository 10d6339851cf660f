import type { Context } from 'hono';

/** How long a shared cache (CloudFront) and browsers may keep a public read, in seconds. */
export const PUBLIC_READ_MAX_AGE_SECONDS = 15;

/**
 * The `Cache-Control` of an API answer. A successful GET made without credentials is the same
 * for everyone (the public event list, an event page, its accepted talks), so CloudFront may
 * keep it for a few seconds and absorb the crowd of an event night. Anything sent with an
 * organizer token or a manage token, any change and any error is never stored anywhere.
 */
export function cacheControlFor(c: Context): string {
  const anonymous =
    c.req.header('authorization') === undefined && c.req.header('x-manage-token') === undefined;
  const publicRead = (c.req.method === 'GET' || c.req.method === 'HEAD') && c.res.status === 200;
  return anonymous && publicRead
    ? `public, max-age=${String(PUBLIC_READ_MAX_AGE_SECONDS)}`
    : 'no-store';
}
