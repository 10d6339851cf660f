import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

/*
 * No AWS identity lives in the repository: accounts, ARNs that name an account, user-pool ids
 * and hosted-zone ids come from the environment, CDK context or SSM at deploy time.
 */
const IDENTITY_PATTERNS: [string, RegExp][] = [
  ['a 12-digit account id', /(?<![\w.])\d{12}(?![\w.])/],
  ['an ARN naming an account', /arn:aws[\w-]*:[\w-]+:[\w-]*:\d{12}:/],
  ['a Cognito user-pool id', /\b[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]{9}\b/],
  ['a Route 53 hosted-zone id', /\bZ[0-9A-Z]{12,31}\b/],
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
];

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !/\.(png|ico|jpg|woff2?)$/.test(file));
}

describe('the repository', () => {
  it('holds no account id, ARN with an account, pool id, zone id or access key in any tracked file', () => {
    const files = trackedFiles();
    const findings: string[] = [];

    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [what, pattern] of IDENTITY_PATTERNS) {
        const match = pattern.exec(text);
        if (match !== null) findings.push(`${file}: ${what} (${match[0]})`);
      }
    }

    expect(files.length).toBeGreaterThan(50);
    expect(findings).toEqual([]);
  });

  it('recognises each kind of identity it looks for', () => {
    const samples = [
      ['account', '44445555' + '6666'],
      ['arn', 'arn:aws:iam::' + '4444' + '55556666' + ':role/x'],
      ['pool', 'ap-northeast-1_' + 'AbCdEf123'],
      ['zone', 'Z' + '0123456789ABCDEFGHIJ'],
      ['key', 'AKIA' + 'ABCDEFGHIJKLMNOP'],
    ];

    for (const [index, [, sample]] of samples.entries()) {
      expect(IDENTITY_PATTERNS[index]?.[1].test(sample ?? '')).toBe(true);
    }
  });
});
