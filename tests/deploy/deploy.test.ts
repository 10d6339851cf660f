import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  deployStage,
  planStack,
  RestorePoints,
  SimulatedCloudFormation,
  stageStacks,
  type Assembly,
  type StackPlan,
} from '@ltc/deploy';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { changedAssembly, resourcesOf, synthesizeForDeploy } from './stage-assembly.js';

/*
 * The deploy tool against a simulated CloudFormation (AWS cannot be reached here), on cloud
 * assemblies synthesized from this project's own CDK app.
 */
const ACCOUNT = ['1357', '2468', '0864'].join('');
/** Prod scales up on Fridays 09:00–14:00 UTC (packages/infra/config/prod.ts). */
const A_QUIET_MONDAY = new Date('2027-01-11T10:00:00Z');
const FRIDAY_HALF_AN_HOUR_BEFORE = new Date('2027-01-15T08:30:00Z');
const FRIDAY_EVENING = new Date('2027-01-15T12:00:00Z');
const FRIDAY_AFTER_THE_EVENING = new Date('2027-01-15T14:00:00Z');
let assembly: Assembly;

beforeAll(() => {
  assembly = synthesizeForDeploy(ACCOUNT);
  // Deploys without their own clock happen on a quiet Monday, not on whatever day the suite
  // runs: on a Friday evening the deploy tool refuses prod deploys of the scaled-up stacks.
  vi.useFakeTimers({ now: A_QUIET_MONDAY, toFake: ['Date'] });
}, 120_000);

afterAll(() => {
  vi.useRealTimers();
});

function template(stackName: string) {
  const stack = assembly.stacks.find((candidate) => candidate.name === stackName);
  if (stack === undefined) throw new Error(`no ${stackName}`);
  return stack.template;
}

function plan(stackName: string, change: (t: Record<string, unknown>) => void): StackPlan {
  const after = changedAssembly(assembly, stackName, change).stacks.find(
    (stack) => stack.name === stackName,
  );
  return planStack(stackName, template(stackName), after?.template ?? {});
}

/** A simulation where the whole of the given stages is already deployed from `assembly`. */
function deployedSimulation(...stages: string[]): SimulatedCloudFormation {
  const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });
  for (const stage of stages) {
    for (const stack of stageStacks(assembly, stage)) {
      cloud.deployed.set(stack.name, { status: 'UPDATE_COMPLETE', template: stack.template });
    }
  }
  return cloud;
}

function apiMemory(memorySize: number) {
  return (t: Record<string, unknown>) => {
    for (const [, fn] of resourcesOf(t, 'AWS::Lambda::Function'))
      fn.Properties.MemorySize = memorySize;
  };
}

describe('the stateful guard, on this project’s templates', () => {
  it('blocks a change of the table’s key schema, which replaces the table', () => {
    const result = plan('ltc-dev-data', (t) => {
      for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::Table')) {
        table.Properties.KeySchema = [{ AttributeName: 'id', KeyType: 'HASH' }];
        table.Properties.AttributeDefinitions = [{ AttributeName: 'id', AttributeType: 'S' }];
      }
    });

    expect(result.changes).toEqual([
      expect.objectContaining({ type: 'AWS::DynamoDB::Table', kind: 'replace', blocking: true }),
    ]);
  });

  it('blocks renaming a user-pool attribute or the sign-in attribute', () => {
    const withSchema = changedAssembly(assembly, 'ltc-dev-auth', (t) => {
      for (const [, pool] of resourcesOf(t, 'AWS::Cognito::UserPool')) {
        pool.Properties.Schema = [{ Name: 'team', AttributeDataType: 'String', Mutable: true }];
      }
    });
    const schemaTemplate = withSchema.stacks.find((s) => s.name === 'ltc-dev-auth')?.template ?? {};
    const renamed =
      changedAssembly(withSchema, 'ltc-dev-auth', (t) => {
        for (const [, pool] of resourcesOf(t, 'AWS::Cognito::UserPool')) {
          pool.Properties.Schema = [{ Name: 'crew', AttributeDataType: 'String', Mutable: true }];
        }
      }).stacks.find((s) => s.name === 'ltc-dev-auth')?.template ?? {};
    const signIn = plan('ltc-dev-auth', (t) => {
      for (const [, pool] of resourcesOf(t, 'AWS::Cognito::UserPool')) {
        pool.Properties.UsernameAttributes = ['phone_number'];
      }
    });

    expect(planStack('ltc-dev-auth', schemaTemplate, renamed).changes).toContainEqual(
      expect.objectContaining({
        type: 'AWS::Cognito::UserPool',
        blocking: true,
        reason: 'removes or renames the attribute team',
      }),
    );
    expect(signIn.changes).toContainEqual(
      expect.objectContaining({ type: 'AWS::Cognito::UserPool', blocking: true }),
    );
  });

  it('lets a new user-pool attribute through', () => {
    const result = plan('ltc-dev-auth', (t) => {
      for (const [, pool] of resourcesOf(t, 'AWS::Cognito::UserPool')) {
        pool.Properties.Schema = [{ Name: 'team', AttributeDataType: 'String', Mutable: true }];
      }
    });

    expect(result.changes.filter((change) => change.blocking)).toEqual([]);
  });

  it('blocks a replaced bucket and a removed secret', () => {
    const bucket = plan('ltc-dev-web', (t) => {
      for (const [, b] of resourcesOf(t, 'AWS::S3::Bucket')) b.Properties.BucketName = 'renamed';
    });
    const secret = plan('ltc-dev-foundation', (t) => {
      const resources = t.Resources as Record<string, unknown>;
      for (const [id] of resourcesOf(t, 'AWS::SecretsManager::Secret'))
        Reflect.deleteProperty(resources, id);
    });

    expect(bucket.changes.filter((c) => c.blocking).map((c) => c.kind)).toEqual([
      'replace',
      'replace',
    ]);
    expect(secret.changes).toContainEqual(
      expect.objectContaining({
        type: 'AWS::SecretsManager::Secret',
        kind: 'remove',
        blocking: true,
      }),
    );
  });

  it.each([
    [
      'the table turned into another type',
      (t: Record<string, unknown>) => {
        for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::Table')) {
          (table as unknown as { Type: string }).Type = 'AWS::SSM::Parameter';
        }
      },
      'replaces stored data',
    ],
    [
      'the table put under a condition',
      (t: Record<string, unknown>) => {
        t.Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
        for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::Table')) {
          (table as unknown as { Condition?: string }).Condition = 'Never';
        }
      },
      'puts it under a condition',
    ],
    [
      'deletion protection turned off',
      (t: Record<string, unknown>) => {
        for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::Table')) {
          table.Properties.DeletionProtectionEnabled = false;
        }
      },
      'turns deletion protection off',
    ],
  ])('blocks %s in prod', (_what, change, reason) => {
    const after = changedAssembly(assembly, 'ltc-prod-data', change).stacks.find(
      (stack) => stack.name === 'ltc-prod-data',
    );

    const result = planStack('ltc-prod-data', template('ltc-prod-data'), after?.template ?? {});

    expect(result.changes.find((c) => c.blocking)?.reason).toContain(reason);
  });

  it('blocks a Retain policy weakened to Delete', () => {
    const after = changedAssembly(assembly, 'ltc-prod-data', (t) => {
      const resources = t.Resources as Record<string, Record<string, unknown>>;
      for (const resource of Object.values(resources)) {
        if (resource.Type === 'AWS::DynamoDB::Table') resource.DeletionPolicy = 'Delete';
      }
    }).stacks.find((stack) => stack.name === 'ltc-prod-data');

    const result = planStack('ltc-prod-data', template('ltc-prod-data'), after?.template ?? {});

    expect(result.changes.find((c) => c.blocking)?.reason).toBe(
      'changes DeletionPolicy from Retain to "Delete"',
    );
  });

  it('lets a Lambda memory change and a new alarm through', () => {
    const memory = plan('ltc-dev-api', apiMemory(1024));
    const alarm = plan('ltc-dev-observability', (t) => {
      (t.Resources as Record<string, unknown>).ApiErrorsAlarm = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          MetricName: '5XXError',
          Namespace: 'AWS/ApiGateway',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        },
      };
    });

    expect(memory.changes).toEqual([
      expect.objectContaining({ type: 'AWS::Lambda::Function', kind: 'change', blocking: false }),
    ]);
    expect(alarm.changes).toEqual([
      expect.objectContaining({ logicalId: 'ApiErrorsAlarm', kind: 'add', blocking: false }),
    ]);
  });

  it('sees no change between a template and itself', () => {
    expect(
      planStack('ltc-dev-api', template('ltc-dev-api'), template('ltc-dev-api')),
    ).toMatchObject({ unchanged: true, changes: [] });
  });
});

describe('deploying a stage', () => {
  it('deploys a new stage in dependency waves, stacks of a wave in parallel', async () => {
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT, deployMilliseconds: 20 });

    const outcome = await deployStage({ assembly, stage: 'dev', gateway: cloud });

    const order = cloud.started('deploy');
    const before = (a: string, b: string) =>
      order.indexOf(`ltc-dev-${a}`) < order.indexOf(`ltc-dev-${b}`);
    expect(outcome.deployed).toHaveLength(9);
    expect(before('foundation', 'data') && before('data', 'api') && before('api', 'web')).toBe(
      true,
    );
    expect(before('web', 'observability') && before('edge', 'web')).toBe(true);
    expect(cloud.maxInFlight).toBe(2);
  });

  it('keeps to the parallelism limit', async () => {
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT, deployMilliseconds: 20 });

    await deployStage({ assembly, stage: 'dev', gateway: cloud, concurrency: 1 });

    expect(cloud.maxInFlight).toBe(1);
  });

  it('skips the stacks whose templates did not change', async () => {
    const cloud = deployedSimulation('dev');
    const next = changedAssembly(assembly, 'ltc-dev-api', apiMemory(1024));

    const outcome = await deployStage({ assembly: next, stage: 'dev', gateway: cloud });

    expect(outcome.deployed).toEqual(['ltc-dev-api']);
    expect(outcome.skipped).toHaveLength(8);
    expect(cloud.started('deploy')).toEqual(['ltc-dev-api']);
  });

  it('hands the plan of every chosen stack over before it deploys anything', async () => {
    const cloud = deployedSimulation('dev');
    const next = changedAssembly(assembly, 'ltc-dev-api', apiMemory(1024));
    let callsWhenPlanned = -1;
    let planned: readonly StackPlan[] = [];

    await deployStage({
      assembly: next,
      stage: 'dev',
      gateway: cloud,
      onPlan: (plans) => {
        planned = plans;
        callsWhenPlanned = cloud.started('deploy').length;
      },
    });

    expect(callsWhenPlanned).toBe(0);
    expect(planned).toHaveLength(9);
    expect(planned.filter((plan) => !plan.unchanged).map((plan) => plan.stack)).toEqual([
      'ltc-dev-api',
    ]);
  });

  it('deploys a stack left failed again even when its template did not change', async () => {
    const cloud = deployedSimulation('dev');
    const data = cloud.deployed.get('ltc-dev-data');
    if (data !== undefined)
      cloud.deployed.set('ltc-dev-data', { ...data, status: 'UPDATE_FAILED' });

    const outcome = await deployStage({ assembly, stage: 'dev', gateway: cloud });

    expect(outcome.deployed).toEqual(['ltc-dev-data']);
  });

  it('stops after the first wave with a failure and deploys nothing after it', async () => {
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });
    cloud.failing.add('ltc-dev-data');

    const outcome = await deployStage({ assembly, stage: 'dev', gateway: cloud });

    expect(outcome.failed).toEqual(['ltc-dev-data']);
    expect(cloud.started('deploy')).not.toContain('ltc-dev-api');
    expect(cloud.started('deploy')).not.toContain('ltc-dev-web');
  });

  it('deploys the named stacks only, or with what they depend on', async () => {
    const only = new SimulatedCloudFormation({ accountId: ACCOUNT });
    const withDependencies = new SimulatedCloudFormation({ accountId: ACCOUNT });

    await deployStage({ assembly, stage: 'dev', stacks: ['api'], gateway: only });
    await deployStage({
      assembly,
      stage: 'dev',
      stacks: ['ltc-dev-api'],
      withDependencies: true,
      gateway: withDependencies,
    });

    expect(only.started('deploy')).toEqual(['ltc-dev-api']);
    expect(withDependencies.started('deploy').sort()).toEqual(
      [
        'ltc-dev-api',
        'ltc-dev-auth',
        'ltc-dev-data',
        'ltc-dev-foundation',
        'ltc-dev-realtime',
      ].sort(),
    );
  });

  it('refuses a blocking change unless it is allowed by name, deploying nothing', async () => {
    const cloud = deployedSimulation('dev');
    const next = changedAssembly(assembly, 'ltc-dev-data', (t) => {
      for (const [, table] of resourcesOf(t, 'AWS::DynamoDB::Table')) {
        table.Properties.TableName = 'ltc-dev-renamed';
      }
    });

    const refused = deployStage({ assembly: next, stage: 'dev', gateway: cloud });
    await expect(refused).rejects.toMatchObject({ exitCode: 3 });
    await expect(refused).rejects.toThrow(
      /ltc-dev-data\/MainTable74195DAB \(AWS::DynamoDB::Table, replace: replaces stored data\)/,
    );
    expect(cloud.started('deploy')).toEqual([]);

    const allowed = await deployStage({
      assembly: next,
      stage: 'dev',
      gateway: cloud,
      allowedChanges: new Set(['ltc-dev-data/MainTable74195DAB']),
    });
    expect(allowed.deployed).toEqual(['ltc-dev-data']);
  });

  it('refuses prod without the approval flag and deploys it with the flag', async () => {
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });

    await expect(deployStage({ assembly, stage: 'prod', gateway: cloud })).rejects.toThrow(
      /--approve-prod/,
    );
    expect(cloud.calls).toEqual([]);
    const approved = await deployStage({
      assembly,
      stage: 'prod',
      gateway: cloud,
      approved: true,
      now: A_QUIET_MONDAY,
    });
    expect(approved.deployed).toHaveLength(9);
  });

  it('keeps prod deploys out of the event evening unless an urgent fix says so', async () => {
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });
    const prod = { assembly, stage: 'prod', gateway: cloud, approved: true } as const;

    for (const now of [FRIDAY_HALF_AN_HOUR_BEFORE, FRIDAY_EVENING]) {
      await expect(deployStage({ ...prod, now })).rejects.toThrow(
        /Refused: ltc-prod-(api|realtime) is scaled up for the event evening \(FRI 9:00–14:00 UTC/,
      );
    }
    expect(cloud.calls).toEqual([]);
    const afterwards = await deployStage({ ...prod, now: FRIDAY_AFTER_THE_EVENING });
    const urgent = await deployStage({
      ...prod,
      stacks: ['api'],
      now: FRIDAY_EVENING,
      duringEventEvening: true,
    });
    const dev = await deployStage({ assembly, stage: 'dev', gateway: cloud, now: FRIDAY_EVENING });

    expect(afterwards.deployed).toHaveLength(9);
    expect(urgent.failed).toEqual([]);
    expect(dev.failed).toEqual([]);
  });

  it('refuses credentials of another account and keeping failed stacks outside dev', async () => {
    const elsewhere = new SimulatedCloudFormation({ accountId: 'another-account' });

    await expect(deployStage({ assembly, stage: 'dev', gateway: elsewhere })).rejects.toThrow(
      `but stage dev belongs to ${ACCOUNT}`,
    );
    await expect(
      deployStage({
        assembly,
        stage: 'prod',
        approved: true,
        keepFailedStack: true,
        gateway: elsewhere,
      }),
    ).rejects.toThrow(/--no-rollback is for dev only/);
    expect(elsewhere.calls).toEqual([]);
  });

  it('names the valid stacks and stages when given an unknown one', async () => {
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });

    await expect(
      deployStage({ assembly, stage: 'dev', stacks: ['database'], gateway: cloud }),
    ).rejects.toThrow(
      'Unknown stack "database": the stage has edge, foundation, auth, data, realtime, api, web, edge-alarms, observability.',
    );
    await expect(deployStage({ assembly, stage: 'staging', gateway: cloud })).rejects.toThrow(
      /holds no stack of stage staging \(it holds: dev, prod\)/,
    );
  });
});

describe('smoke checks and the return to the last good state', () => {
  /** A simulated dev stage deployed once with passing smoke checks, and its restore points. */
  async function deployedWithRestorePoint() {
    const restorePoints = new RestorePoints(mkdtempSync(path.join(tmpdir(), 'ltc-state-')));
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });
    await deployStage({
      assembly,
      stage: 'dev',
      gateway: cloud,
      restorePoints,
      smokeCheck: () => Promise.resolve(),
    });
    return { restorePoints, cloud };
  }

  it('records a deploy that passed its smoke checks as the restore point', async () => {
    const { restorePoints } = await deployedWithRestorePoint();

    expect(restorePoints.load('dev')?.stacks.map((stack) => stack.name)).toContain('ltc-dev-api');
  });

  it('returns the changed stacks to the last good assembly when the smoke checks fail', async () => {
    const { restorePoints, cloud } = await deployedWithRestorePoint();
    const bad = changedAssembly(assembly, 'ltc-dev-api', apiMemory(2048));
    const lines: string[] = [];

    const outcome = await deployStage({
      assembly: bad,
      stage: 'dev',
      gateway: cloud,
      restorePoints,
      smokeCheck: () => Promise.reject(new Error('GET /api/health answered 502')),
      report: (line) => lines.push(line),
    });

    expect(outcome.smokeFailure).toBe('GET /api/health answered 502');
    expect(outcome.restored).toEqual(['ltc-dev-api']);
    expect(cloud.deployed.get('ltc-dev-api')?.template).toEqual(template('ltc-dev-api'));
    expect(lines).toContain('returning ltc-dev-api to the last good assembly…');
    expect(
      restorePoints.load('dev')?.stacks.find((s) => s.name === 'ltc-dev-api')?.template,
    ).toEqual(template('ltc-dev-api'));
  });

  it('keeps the restore point when only some stacks were deployed or no check ran', async () => {
    const { restorePoints, cloud } = await deployedWithRestorePoint();
    const next = changedAssembly(assembly, 'ltc-dev-api', apiMemory(1536));

    await deployStage({
      assembly: next,
      stage: 'dev',
      stacks: ['api'],
      gateway: cloud,
      restorePoints,
      smokeCheck: () => Promise.resolve(),
    });
    await deployStage({ assembly: next, stage: 'dev', gateway: cloud, restorePoints });

    expect(
      restorePoints.load('dev')?.stacks.find((s) => s.name === 'ltc-dev-api')?.template,
    ).toEqual(template('ltc-dev-api'));
  });

  it('says so and leaves the stage when there is no restore point yet', async () => {
    const restorePoints = new RestorePoints(mkdtempSync(path.join(tmpdir(), 'ltc-state-')));
    const cloud = new SimulatedCloudFormation({ accountId: ACCOUNT });
    const lines: string[] = [];

    const outcome = await deployStage({
      assembly,
      stage: 'dev',
      gateway: cloud,
      restorePoints,
      smokeCheck: () => Promise.reject(new Error('site down')),
      report: (line) => lines.push(line),
    });

    expect(outcome.restored).toEqual([]);
    expect(lines).toContain('no restore point for this stage yet: the stage stays as deployed');
    expect(restorePoints.load('dev')).toBeUndefined();
  });
});
