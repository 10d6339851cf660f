import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiApp } from '@ltc/api';
import { problem, respondProblem } from '@ltc/api';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';

import type { LocalIssuer } from './local-issuer.js';
import type { CognitoPool } from './product.js';
import { LOCAL_WEBSOCKET_PATH } from './realtime-server.js';

export interface ProductAppOptions {
  readonly api: ApiApp;
  readonly issuer: LocalIssuer;
  /** Folder of the built web app (`packages/web/dist`). */
  readonly webDir: string;
  /** Organizers sign in at this pool instead of at `/local-auth`. */
  readonly cognito?: CognitoPool;
}

const signInBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
});

/**
 * Everything `npm start` serves on one port: the API under `/api`, the local sign-in under
 * `/local-auth`, the web app's settings at `/config.json`, and the built web app, with the
 * single-page fallback to `index.html`.
 */
export function createProductApp({ api, issuer, webDir, cognito }: ProductAppOptions) {
  const app = new Hono();
  // The web app calls the pool's API from the browser, as it calls Cognito's in AWS.
  const signInOrigins = cognito === undefined ? [] : [new URL(cognito.endpoint).origin];
  const indexHtml = join(webDir, 'index.html');
  const webRoot = relative(process.cwd(), webDir) || '.';

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...signInOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      strictTransportSecurity: false,
    }),
  );

  app.route('/', api);
  app.all('/api/*', (c) =>
    respondProblem(c, problem(404, 'not-found', `no route for ${c.req.method} ${c.req.path}`)),
  );

  app.use(
    '/local-auth/*',
    bodyLimit({
      maxSize: 4096,
      onError: (c) =>
        respondProblem(
          c,
          problem(413, 'body-too-large', 'the sign-in request must be at most 4096 bytes'),
        ),
    }),
  );
  app.post('/local-auth/sign-in', async (c) => {
    const body = signInBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      return respondProblem(
        c,
        problem(400, 'validation-failed', 'send {"username": "...", "password": "..."}', [
          { field: 'body', message: 'needs username and password' },
        ]),
      );
    }
    const accessToken = await issuer.signIn(body.data.username, body.data.password);
    if (accessToken === undefined) {
      return respondProblem(c, problem(401, 'sign-in-failed', 'the username or password is wrong'));
    }
    return c.json({ accessToken, tokenType: 'Bearer', expiresIn: 3600 });
  });
  app.get('/local-auth/.well-known/jwks.json', (c) => c.json(issuer.jwks));
  app.get('/config.json', (c) =>
    c.json({
      auth:
        cognito === undefined
          ? { kind: 'local', signInUrl: '/local-auth/sign-in' }
          : {
              kind: 'cognito',
              region: cognito.region,
              userPoolId: cognito.userPoolId,
              clientId: cognito.clientId,
              endpoint: cognito.endpoint,
            },
      // A path on this server; the browser turns it into ws:// on the page's own host.
      realtime: { url: LOCAL_WEBSOCKET_PATH },
    }),
  );

  // The web app's files go out compressed, as CloudFront sends them (`compress: true` in the web
  // stack): uncompressed, the first page's JavaScript is three times the bytes on a phone's line.
  // Registered after the API and the sign-in, so it wraps only the web app's answers.
  app.use('*', compress());
  app.use(
    '/assets/*',
    serveStatic({
      root: webRoot,
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use(
    '*',
    serveStatic({
      root: webRoot,
      onFound: (_path, c) => {
        c.header('cache-control', 'no-cache');
      },
    }),
  );
  app.get('*', async (c) => {
    if (!existsSync(indexHtml)) {
      return c.text(
        'The web app is not built yet: run `npm run build:web` (npm start does it).',
        503,
      );
    }
    c.header('cache-control', 'no-cache');
    return c.html(await readFile(indexHtml, 'utf8'));
  });

  return app;
}
