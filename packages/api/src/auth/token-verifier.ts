import { ORGANIZERS_GROUP, type Organizer } from '@ltc/domain';
import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

import { NotAnOrganizerError, UnauthenticatedError } from '../problem.js';

export interface TokenVerifierOptions {
  /** The token issuer: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` in AWS. */
  readonly issuer: string;
  /** The app client the token must have been issued to (Cognito's `client_id` claim). */
  readonly clientId: string;
  /** Where the issuer's signing keys come from (remote JWKS in AWS, the local key locally). */
  readonly keys: JWTVerifyGetKey;
}

/** Checks a bearer token and answers who the organizer is. */
export type TokenVerifier = (token: string) => Promise<Organizer>;

/**
 * Verifies Cognito-style access tokens: RS256 signature against the issuer's keys, issuer,
 * expiry (with one minute of clock skew), `token_use` of `access`, the app client, and
 * membership of the organizers group. The local issuer of `npm start` mints tokens of the same
 * shape, so the same checks run locally and in AWS.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        clockTolerance: 60,
        requiredClaims: ['sub', 'exp', 'iat', 'token_use', 'client_id'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(describeJoseError(error));
    }

    if (claims.token_use !== 'access') {
      throw new UnauthenticatedError('the token is not an access token');
    }
    if (claims.client_id !== options.clientId) {
      throw new UnauthenticatedError('the token was issued to another client');
    }
    const groups = claims['cognito:groups'];
    if (!Array.isArray(groups) || !groups.includes(ORGANIZERS_GROUP)) {
      throw new NotAnOrganizerError();
    }
    const sub = claims.sub ?? '';
    return { id: sub, username: typeof claims.username === 'string' ? claims.username : sub };
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'iss'
      ? 'the token comes from another issuer'
      : `the token's ${error.claim} claim is not valid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was signed with an unknown key';
  return 'the token is not valid';
}
