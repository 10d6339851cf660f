import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { anEvent } from '../support/fixtures.js';
import { createTestApi, readJson, type TestApi } from '../support/api.js';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});

function createEventWith(authorization: string | undefined) {
  return api.request('/api/events', {
    method: 'POST',
    json: anEvent(),
    headers: authorization === undefined ? {} : { authorization },
  });
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await readJson(response)).toMatchObject({ status, code });
}

describe('organizer authentication', () => {
  it('accepts a valid organizer token', async () => {
    const response = await createEventWith(`Bearer ${api.organizerToken}`);

    expect(response.status).toBe(201);
  });

  it('answers 401 with a Bearer challenge when there is no token', async () => {
    const response = await createEventWith(undefined);

    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    await expectProblem(response, 401, 'unauthenticated');
  });

  it('refuses an expired token', async () => {
    const token = await api.issuer.mint({ expiresIn: -120 });

    const response = await createEventWith(`Bearer ${token}`);

    await expectProblem(response, 401, 'unauthenticated');
  });

  it('refuses a token from another issuer', async () => {
    const token = await api.issuer.mint({
      issuer: 'https://cognito-idp.ap-northeast-1.amazonaws.com/elsewhere',
    });

    await expectProblem(await createEventWith(`Bearer ${token}`), 401, 'unauthenticated');
  });

  it('refuses a token issued to another app client', async () => {
    const token = await api.issuer.mint({ clientId: 'some-other-client' });

    await expectProblem(await createEventWith(`Bearer ${token}`), 401, 'unauthenticated');
  });

  it('refuses an ID token where an access token is needed', async () => {
    const token = await api.issuer.mint({ tokenUse: 'id' });

    await expectProblem(await createEventWith(`Bearer ${token}`), 401, 'unauthenticated');
  });

  it('refuses a token signed with a key the issuer does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({
      token_use: 'access',
      client_id: 'ltc-local-web',
      'cognito:groups': ['organizers'],
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer('http://localhost:3999/local-auth')
      .setSubject('intruder')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    await expectProblem(await createEventWith(`Bearer ${token}`), 401, 'unauthenticated');
  });

  it('refuses an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        token_use: 'access',
        client_id: 'ltc-local-web',
        'cognito:groups': ['organizers'],
        sub: 'x',
      }),
    ).toString('base64url');

    await expectProblem(
      await createEventWith(`Bearer ${header}.${payload}.`),
      401,
      'unauthenticated',
    );
  });

  it('answers 403 to a signed-in user outside the organizers group', async () => {
    const token = await api.issuer.mint({ groups: ['members'] });

    await expectProblem(await createEventWith(`Bearer ${token}`), 403, 'not-an-organizer');
  });

  it('answers 401 to a malformed Authorization header', async () => {
    await expectProblem(await createEventWith('Basic b3JnYW5pemVyOnB3'), 401, 'unauthenticated');
    await expectProblem(await createEventWith('Bearer not a token'), 401, 'unauthenticated');
  });

  it('protects every organizer read as well as writes', async () => {
    const created = await readJson<{ id: string }>(
      await createEventWith(`Bearer ${api.organizerToken}`),
    );

    for (const path of [
      '/api/organizer/me',
      '/api/organizer/events',
      `/api/organizer/events/${created.id}`,
      `/api/events/${created.id}/registrations`,
      `/api/events/${created.id}/talks`,
    ]) {
      await expectProblem(await api.request(path), 401, 'unauthenticated');
    }
  });
});
