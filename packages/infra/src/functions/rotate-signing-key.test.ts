import { describe, expect, it } from 'vitest';

import { rotate, type SecretStore } from './rotate-signing-key.js';

/**
 * An in-memory stand-in for Secrets Manager, which cannot be reached here. It keeps versions
 * and their stages the way Secrets Manager does during a rotation.
 */
class InMemorySecretStoreForTest implements SecretStore {
  readonly stages = new Map<string, string[]>([['v1', ['AWSCURRENT']]]);
  readonly values = new Map<string, string>([['v1', 'a'.repeat(64)]]);
  randomKeys = 0;

  versions() {
    return Promise.resolve(Object.fromEntries(this.stages));
  }
  value(_secretId: string, versionId: string, stage: string) {
    const stages = this.stages.get(versionId) ?? [];
    return Promise.resolve(stages.includes(stage) ? this.values.get(versionId) : undefined);
  }
  randomKey() {
    this.randomKeys += 1;
    return Promise.resolve(String(this.randomKeys).repeat(64).slice(0, 64));
  }
  putPending(_secretId: string, versionId: string, value: string) {
    this.stages.set(versionId, ['AWSPENDING']);
    this.values.set(versionId, value);
    return Promise.resolve();
  }
  makeCurrent(_secretId: string, versionId: string, previousVersionId: string | undefined) {
    for (const [id, stages] of this.stages) {
      this.stages.set(
        id,
        stages.filter((stage) => stage !== 'AWSPREVIOUS'),
      );
    }
    if (previousVersionId !== undefined) this.stages.set(previousVersionId, ['AWSPREVIOUS']);
    this.stages.set(versionId, ['AWSCURRENT']);
    return Promise.resolve();
  }
  /** Secrets Manager stages the new version as pending before it calls the first step. */
  announce(versionId: string) {
    this.stages.set(versionId, ['AWSPENDING']);
  }
}

const event = (Step: string, token = 'v2') => ({
  SecretId: 'ltc/test/signing-key',
  ClientRequestToken: token,
  Step,
});

async function rotateFully(store: InMemorySecretStoreForTest, token: string) {
  store.announce(token);
  for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
    await rotate(store, event(step, token));
  }
}

describe('signing key rotation', () => {
  it('makes a new random key current and keeps the old one as previous', async () => {
    const store = new InMemorySecretStoreForTest();

    await rotateFully(store, 'v2');

    expect(store.stages.get('v2')).toEqual(['AWSCURRENT']);
    expect(store.stages.get('v1')).toEqual(['AWSPREVIOUS']);
    expect(store.values.get('v2')).toHaveLength(64);
    expect(store.values.get('v2')).not.toBe(store.values.get('v1'));
  });

  it('creates the pending key once when Secrets Manager retries a step', async () => {
    const store = new InMemorySecretStoreForTest();
    store.announce('v2');

    await rotate(store, event('createSecret'));
    await rotate(store, event('createSecret'));

    expect(store.randomKeys).toBe(1);
  });

  it('drops the key from two rotations ago', async () => {
    const store = new InMemorySecretStoreForTest();

    await rotateFully(store, 'v2');
    await rotateFully(store, 'v3');

    expect(store.stages.get('v1')).toEqual([]);
    expect(store.stages.get('v2')).toEqual(['AWSPREVIOUS']);
  });

  it('refuses a version the secret does not have and a step it does not know', async () => {
    const store = new InMemorySecretStoreForTest();

    await expect(rotate(store, event('createSecret', 'unknown'))).rejects.toThrow(
      'Version unknown is not a version of the secret.',
    );
    await expect(rotate(store, event('createSecret', '__proto__'))).rejects.toThrow(
      'Version __proto__ is not a version of the secret.',
    );
    await expect(rotate(store, event('dropSecret'))).rejects.toThrow(
      'Not a Secrets Manager rotation event: check Step.',
    );
  });

  it('never rolls an older key back in', async () => {
    const store = new InMemorySecretStoreForTest();
    await rotateFully(store, 'v2');

    await expect(rotate(store, event('finishSecret', 'v1'))).rejects.toThrow('not pending');
    await expect(rotate(store, event('createSecret', 'v1'))).rejects.toThrow('not pending');
    expect(store.stages.get('v2')).toEqual(['AWSCURRENT']);
  });

  it('fails the test step when the pending key is too short', async () => {
    const store = new InMemorySecretStoreForTest();
    store.announce('v2');
    await store.putPending('', 'v2', 'short');

    await expect(rotate(store, event('testSecret'))).rejects.toThrow('shorter than 32');
  });
});
