import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';

import { apiSettingsSchema, DEFAULT_SETTINGS, type SettingsSource } from '../settings.js';
import type { SigningKeySource } from '../signed-cursors.js';

/** How long a fetched key or setting is reused before it is read again, in seconds. */
const KEY_CACHE_SECONDS = 300;
const SETTINGS_CACHE_SECONDS = 60;
const MIN_KEY_LENGTH = 32;

/**
 * The signing key from Secrets Manager through Powertools Parameters, cached. After a rotation
 * the old key is the secret's `AWSPREVIOUS` version; it gets its own provider so its cache
 * cannot mix with the current key's. Only a cursor that fails the current key asks for the
 * previous one, so that answer is cached too when there is none (before the first rotation) or
 * it cannot be read: a flood of bad cursors never turns into calls to Secrets Manager.
 */
export function secretsManagerSigningKeys(
  secretId: string,
  client: SecretsManagerClient,
): SigningKeySource {
  const currentKeys = new SecretsProvider({ awsSdkV3Client: client });
  const previousKeys = new SecretsProvider({ awsSdkV3Client: client });
  let noPreviousUntil = 0;

  return {
    async current() {
      const key = await currentKeys.get(secretId, { maxAge: KEY_CACHE_SECONDS });
      if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) {
        throw new Error(`The signing key ${secretId} is missing or shorter than 32 characters.`);
      }
      return key;
    },
    async previous() {
      if (Date.now() < noPreviousUntil) return undefined;
      try {
        const key = await previousKeys.get(secretId, {
          maxAge: KEY_CACHE_SECONDS,
          sdkOptions: { VersionStage: 'AWSPREVIOUS' },
        });
        if (typeof key === 'string') return key;
      } catch {
        // No previous version yet, or Secrets Manager is busy: cursors of the current key work.
      }
      noPreviousUntil = Date.now() + KEY_CACHE_SECONDS * 1000;
      return undefined;
    },
  };
}

/**
 * The API's runtime settings from an SSM parameter (JSON) through Powertools Parameters,
 * cached for a minute. A parameter that cannot be read or does not fit the schema is logged
 * and the defaults apply for the next minute, so a bad edit never takes the API down and is
 * not fetched again on every request.
 */
export function ssmSettings(
  parameterName: string,
  client: SSMClient,
  logger: Logger,
): SettingsSource {
  const parameters = new SSMProvider({ awsSdkV3Client: client });
  let defaultsUntil = 0;

  return async () => {
    if (Date.now() < defaultsUntil) return DEFAULT_SETTINGS;
    try {
      const raw = await parameters.get(parameterName, {
        maxAge: SETTINGS_CACHE_SECONDS,
        transform: 'json',
      });
      const settings = apiSettingsSchema.safeParse(raw);
      if (settings.success) return settings.data;
      logger.error('runtime settings do not fit their schema; using the defaults', {
        parameterName,
        issues: settings.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      });
    } catch (error) {
      logger.error('runtime settings could not be read; using the defaults', {
        parameterName,
        error,
      });
    }
    defaultsUntil = Date.now() + SETTINGS_CACHE_SECONDS * 1000;
    return DEFAULT_SETTINGS;
  };
}
