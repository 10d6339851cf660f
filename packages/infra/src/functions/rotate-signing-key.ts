/**
 * Rotates the application signing key in Secrets Manager, following the four steps Secrets
 * Manager calls a rotation function with. The key is used only by the API, so there is no
 * outside system to update in `setSecret`. After rotation the old key stays readable as
 * `AWSPREVIOUS`, and the API keeps accepting values it signed until the next rotation.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';

const rotationEvent = z.object({
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
});
export type RotationEvent = z.infer<typeof rotationEvent>;

/** The smallest key the API accepts, in characters. */
export const MIN_KEY_LENGTH = 32;

/** The Secrets Manager operations rotation needs; the AWS SDK client provides them. */
export interface SecretStore {
  /** Version ids and their stages, e.g. `{ v1: ['AWSCURRENT'] }`. */
  versions(secretId: string): Promise<Record<string, string[]>>;
  /** The value of a version in a stage, or undefined when there is none. */
  value(secretId: string, versionId: string, stage: string): Promise<string | undefined>;
  randomKey(): Promise<string>;
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  makeCurrent(
    secretId: string,
    versionId: string,
    previousVersionId: string | undefined,
  ): Promise<void>;
}

/** Runs one rotation step. */
export async function rotate(store: SecretStore, input: unknown): Promise<void> {
  const parsed = rotationEvent.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'event');
    throw new Error(`Not a Secrets Manager rotation event: check ${fields.join(', ')}.`);
  }
  const event = parsed.data;
  const versions = await store.versions(event.SecretId);
  const stages = Object.hasOwn(versions, event.ClientRequestToken)
    ? versions[event.ClientRequestToken]
    : undefined;
  if (stages === undefined) {
    throw new Error(`Version ${event.ClientRequestToken} is not a version of the secret.`);
  }
  if (stages.includes('AWSCURRENT')) {
    // Already done: Secrets Manager may call a step again after a timeout.
    return;
  }
  if (!stages.includes('AWSPENDING')) {
    throw new Error(
      `Version ${event.ClientRequestToken} is not pending rotation; only a pending version can be rotated in.`,
    );
  }

  switch (event.Step) {
    case 'createSecret': {
      const pending = await store.value(event.SecretId, event.ClientRequestToken, 'AWSPENDING');
      if (pending === undefined) {
        await store.putPending(event.SecretId, event.ClientRequestToken, await store.randomKey());
      }
      return;
    }
    case 'setSecret':
      // Nothing outside the API holds this key.
      return;
    case 'testSecret': {
      const pending = await store.value(event.SecretId, event.ClientRequestToken, 'AWSPENDING');
      if (pending === undefined || pending.length < MIN_KEY_LENGTH) {
        throw new Error('The pending signing key is missing or shorter than 32 characters.');
      }
      return;
    }
    case 'finishSecret': {
      const current = Object.entries(versions).find(([, versionStages]) =>
        versionStages.includes('AWSCURRENT'),
      );
      await store.makeCurrent(event.SecretId, event.ClientRequestToken, current?.[0]);
      return;
    }
  }
}

/** The secret store backed by Secrets Manager. */
export function secretsManagerStore(client: SecretsManagerClient): SecretStore {
  return {
    async versions(secretId) {
      const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return described.VersionIdsToStages ?? {};
    },
    async value(secretId, versionId, stage) {
      try {
        const found = await client.send(
          new GetSecretValueCommand({
            SecretId: secretId,
            VersionId: versionId,
            VersionStage: stage,
          }),
        );
        return found.SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) {
          return undefined;
        }
        throw error;
      }
    },
    async randomKey() {
      const random = await client.send(
        new GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true }),
      );
      if (random.RandomPassword === undefined) {
        throw new Error('Secrets Manager returned no random key.');
      }
      return random.RandomPassword;
    },
    async putPending(secretId, versionId, value) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: versionId,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      );
    },
    async makeCurrent(secretId, versionId, previousVersionId) {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: versionId,
          RemoveFromVersionId: previousVersionId,
        }),
      );
    },
  };
}

let store: SecretStore | undefined;

/** The Lambda entry point Secrets Manager invokes. */
export async function handler(event: unknown): Promise<void> {
  store ??= secretsManagerStore(new SecretsManagerClient({}));
  await rotate(store, event);
}
