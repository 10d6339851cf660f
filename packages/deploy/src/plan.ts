import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';

import type { Template } from './assembly.js';

/** Resource types that hold data: replacing or deleting one loses it. */
export const STATEFUL_TYPES = new Set([
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::UserPool',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::KMS::Key',
]);

export type ChangeKind = 'add' | 'change' | 'replace' | 'remove';

export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Loses or breaks stored data: refused unless allowed by name. */
  readonly blocking: boolean;
  /** Why a change is blocking. */
  readonly reason?: string;
}

type Properties = Record<string, unknown> | undefined;

/**
 * Changes that CloudFormation makes in place but that still break a stateful resource. Cognito
 * cannot remove or rename a user-pool attribute or change how users sign in once the pool has
 * users: such an update fails half-way or strands the users, so it is treated like a
 * replacement.
 */
const RISKY_UPDATES: Record<string, (before: Properties, after: Properties) => string | undefined> =
  {
    'AWS::Cognito::UserPool': (before, after) => {
      for (const key of ['UsernameAttributes', 'AliasAttributes']) {
        if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) {
          return `changes ${key}, how users sign in`;
        }
      }
      const names = (properties: Properties) =>
        new Set(
          ((properties?.Schema ?? []) as { Name?: string }[]).map((attribute) => attribute.Name),
        );
      const kept = names(after);
      const lost = [...names(before)].filter((name) => !kept.has(name));
      return lost.length > 0 ? `removes or renames the attribute ${lost.join(', ')}` : undefined;
    },
  };

export interface StackPlan {
  readonly stack: string;
  /** True when the stack is not deployed yet (or not in the earlier assembly). */
  readonly isNew: boolean;
  /** True when nothing in the template changes, so a deploy can skip the stack. */
  readonly unchanged: boolean;
  readonly changes: readonly ResourceChange[];
}

const KIND_OF_IMPACT: Partial<Record<ResourceImpact, ChangeKind>> = {
  [ResourceImpact.WILL_CREATE]: 'add',
  [ResourceImpact.WILL_IMPORT]: 'add',
  [ResourceImpact.WILL_UPDATE]: 'change',
  [ResourceImpact.WILL_REPLACE]: 'replace',
  [ResourceImpact.MAY_REPLACE]: 'replace',
  [ResourceImpact.WILL_DESTROY]: 'remove',
  [ResourceImpact.WILL_ORPHAN]: 'remove',
};

/**
 * What deploying `after` over `before` does to each resource, from CloudFormation's rules of
 * which property changes replace a resource (the CDK's own diff engine). A stateful resource
 * that would be replaced or removed is marked blocking.
 */
export function planStack(stack: string, before: Template | undefined, after: Template): StackPlan {
  const diff = fullDiff(withoutToolMetadata(before ?? {}), withoutToolMetadata(after));
  const changes: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const kind = KIND_OF_IMPACT[change.changeImpact];
    if (kind === undefined) return;
    const type = change.newResourceType ?? change.oldResourceType ?? 'unknown';
    // A resource that held data before is what matters, whatever its new type.
    const stateful = STATEFUL_TYPES.has(change.oldResourceType ?? type);
    const loses = stateful && (kind === 'replace' || kind === 'remove');
    const reason = loses
      ? `${kind}s stored data`
      : kind === 'change' && stateful
        ? (weakenedProtection(change.oldValue, change.newValue) ??
          RISKY_UPDATES[type]?.(propertiesOf(change.oldValue), propertiesOf(change.newValue)))
        : undefined;
    changes.push({ logicalId, type, kind, blocking: reason !== undefined, reason });
  });
  return {
    stack,
    isNew: before === undefined,
    unchanged: diff.differenceCount === 0,
    changes: changes.sort((a, b) => a.logicalId.localeCompare(b.logicalId)),
  };
}

/**
 * The template without what the CDK tooling adds for itself (the `CDKMetadata` resource and
 * `aws:` metadata of resources such as construct paths and asset locations). Whether it is
 * there depends on how the app was synthesized, not on what is deployed.
 */
export function withoutToolMetadata(template: Template): Template {
  const resources = (template.Resources ?? {}) as Record<string, Record<string, unknown>>;
  const kept: Record<string, Record<string, unknown>> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::CDK::Metadata') continue;
    const metadata = resource.Metadata as Record<string, unknown> | undefined;
    const ownMetadata = Object.fromEntries(
      Object.entries(metadata ?? {}).filter(([key]) => !key.startsWith('aws:')),
    );
    const rest = { ...resource };
    delete rest.Metadata;
    kept[logicalId] =
      Object.keys(ownMetadata).length > 0 ? { ...rest, Metadata: ownMetadata } : rest;
  }
  const { Conditions, ...others } = template as { Conditions?: Record<string, unknown> };
  const conditions = Object.fromEntries(
    Object.entries(Conditions ?? {}).filter(([name]) => name !== 'CDKMetadataAvailable'),
  );
  return {
    ...others,
    ...(Object.keys(conditions).length > 0 ? { Conditions: conditions } : {}),
    Resources: kept,
  };
}

/**
 * Changes that leave a stateful resource in place but take away what keeps its data: a
 * condition (CloudFormation deletes the resource when it turns false), a Retain policy, or
 * deletion protection.
 */
function weakenedProtection(before: unknown, after: unknown): string | undefined {
  const old = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  if (next.Condition !== undefined && next.Condition !== old.Condition) {
    return 'puts it under a condition; CloudFormation deletes it when the condition is false';
  }
  for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    if (old[policy] === 'Retain' && next[policy] !== 'Retain') {
      return `changes ${policy} from Retain to ${JSON.stringify(next[policy] ?? 'Delete')}`;
    }
  }
  const oldProperties = propertiesOf(before);
  const newProperties = propertiesOf(after);
  if (
    oldProperties?.DeletionProtectionEnabled === true &&
    newProperties?.DeletionProtectionEnabled !== true
  ) {
    return 'turns deletion protection off';
  }
  if (
    oldProperties?.DeletionProtection === 'ACTIVE' &&
    newProperties?.DeletionProtection !== 'ACTIVE'
  ) {
    return 'turns deletion protection off';
  }
  return undefined;
}

function propertiesOf(resource: unknown): Properties {
  return (resource as { Properties?: Record<string, unknown> } | undefined)?.Properties;
}

/** How a blocking change is named on the command line to allow it: `<stack>/<logicalId>`. */
export function changeName(plan: StackPlan, change: ResourceChange): string {
  return `${plan.stack}/${change.logicalId}`;
}

/** The blocking changes of the plans that the operator did not allow by name. */
export function refusedChanges(
  plans: readonly StackPlan[],
  allowed: ReadonlySet<string>,
): string[] {
  return plans.flatMap((plan) =>
    plan.changes
      .filter((change) => change.blocking && !allowed.has(changeName(plan, change)))
      .map(
        (change) =>
          `${changeName(plan, change)} (${change.type}, ${change.kind}: ${change.reason ?? ''})`,
      ),
  );
}
