import { ACTIVITIES } from '@ltc/domain';

import { MONTHLY_PRICES, SECONDS_PER_MONTH, WEEKS_PER_MONTH } from './prices.js';

/** A synthesized stack, as the estimate reads it. */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: Record<string, unknown>;
}

/** One line of the estimate: something a stage pays for every month, even when idle. */
export interface CostLine {
  readonly stack: string;
  readonly item: string;
  readonly quantity: number;
  readonly monthlyUsd: number;
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * The fixed monthly cost of the given stacks (one stage), from their templates and the price
 * table: web ACLs and their rules, dashboards, alarm metrics, custom metrics, secrets, KMS keys,
 * CloudFront's additional metrics and provisioned concurrency (always-on and scheduled). Usage
 * (requests, storage, data transfer, logs, traces) is not fixed and not counted.
 */
export function estimateFixedCost(stacks: readonly StackTemplate[]): CostLine[] {
  const lines: CostLine[] = [];
  let emittingFunctions = 0;
  for (const { stackName, template } of stacks) {
    const resources = Object.entries((template.Resources ?? {}) as Record<string, Resource>);
    const add = (item: string, quantity: number, unitUsd: number) => {
      if (quantity > 0)
        lines.push({ stack: stackName, item, quantity, monthlyUsd: quantity * unitUsd });
    };
    const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);

    for (const [, acl] of ofType('AWS::WAFv2::WebACL')) {
      add('WAF web ACL', 1, MONTHLY_PRICES.wafWebAcl);
      add('WAF rules', arrayLength(acl.Properties?.Rules), MONTHLY_PRICES.wafRule);
    }
    add(
      'CloudWatch dashboard',
      ofType('AWS::CloudWatch::Dashboard').length,
      MONTHLY_PRICES.dashboard,
    );
    add(
      'alarm metrics',
      ofType('AWS::CloudWatch::Alarm').reduce((sum, [, alarm]) => sum + alarmMetrics(alarm), 0),
      MONTHLY_PRICES.alarmMetric,
    );
    add(
      'Secrets Manager secret',
      ofType('AWS::SecretsManager::Secret').length,
      MONTHLY_PRICES.secret,
    );
    add('KMS key', ofType('AWS::KMS::Key').length, MONTHLY_PRICES.kmsKey);
    add(
      'CloudFront additional metrics',
      ofType('AWS::CloudFront::MonitoringSubscription').length *
        MONTHLY_PRICES.cloudFrontAdditionalMetrics,
      MONTHLY_PRICES.customMetric,
    );

    const memoryOf = memoryByFunction(resources);
    for (const [, alias] of ofType('AWS::Lambda::Alias')) {
      const environments = provisioned(alias);
      const memoryGb = memoryOf(alias.Properties?.FunctionName);
      add(
        `warm environments (${String(memoryGb * 1024)} MB, always)`,
        environments,
        memoryGb * SECONDS_PER_MONTH * MONTHLY_PRICES.provisionedConcurrencyGbSecond,
      );
    }
    for (const [, target] of ofType('AWS::ApplicationAutoScaling::ScalableTarget')) {
      const evening = eveningExtra(target);
      if (evening === undefined) continue;
      const memoryGb = memoryOf(target.Properties?.ResourceId);
      add(
        `extra warm environments (${String(memoryGb * 1024)} MB, ${String(evening.hoursPerWeek)} h a week)`,
        evening.environments,
        memoryGb *
          evening.hoursPerWeek *
          3600 *
          WEEKS_PER_MONTH *
          MONTHLY_PRICES.provisionedConcurrencyGbSecond,
      );
    }
    emittingFunctions += ofType('AWS::Lambda::Function').filter(([, fn]) =>
      JSON.stringify(fn.Properties?.Environment ?? {}).includes('POWERTOOLS_SERVICE_NAME'),
    ).length;
  }
  if (emittingFunctions > 0) {
    // Each activity metric, and each function's cold-start count, is one custom metric.
    lines.push({
      stack: '(handlers)',
      item: 'custom metrics (activity and cold starts)',
      quantity: ACTIVITIES.length + emittingFunctions,
      monthlyUsd: (ACTIVITIES.length + emittingFunctions) * MONTHLY_PRICES.customMetric,
    });
  }
  return lines;
}

/** The total of an estimate, rounded to cents. */
export function totalOf(lines: readonly CostLine[]): number {
  return Math.round(lines.reduce((sum, line) => sum + line.monthlyUsd, 0) * 100) / 100;
}

function arrayLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** Metrics an alarm is billed for: one, or each metric its math reads (a query counts as one). */
function alarmMetrics(alarm: Resource): number {
  const metrics = alarm.Properties?.Metrics;
  if (!Array.isArray(metrics)) return 1;
  const read = metrics.filter((entry: Record<string, unknown>) => 'MetricStat' in entry).length;
  return Math.max(read, 1);
}

function provisioned(alias: Resource): number {
  const config = alias.Properties?.ProvisionedConcurrencyConfig as
    { ProvisionedConcurrentExecutions?: number } | undefined;
  return config?.ProvisionedConcurrentExecutions ?? 0;
}

/**
 * The memory, in GB, of the function a reference names: a Ref to the function, or to an alias
 * of it (scalable targets name the alias inside a Fn::Join).
 */
function memoryByFunction(resources: [string, Resource][]): (reference: unknown) => number {
  const memory = new Map(
    resources
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id, fn]) => [id, Number(fn.Properties?.MemorySize ?? 128) / 1024]),
  );
  const aliases = resources.filter(([, resource]) => resource.Type === 'AWS::Lambda::Alias');
  const lookUp = (reference: unknown): number | undefined => {
    const text = JSON.stringify(reference ?? null);
    for (const [id, gb] of memory) {
      if (text.includes(`"Ref":"${id}"`)) return gb;
    }
    for (const [id, alias] of aliases) {
      if (text.includes(`"Ref":"${id}"`)) return lookUp(alias.Properties?.FunctionName);
    }
    return undefined;
  };
  return (reference) => lookUp(reference) ?? 128 / 1024;
}

/** Extra environments and weekly hours of a scheduled scale-up and its scale-down. */
function eveningExtra(
  target: Resource,
): { environments: number; hoursPerWeek: number } | undefined {
  const actions = target.Properties?.ScheduledActions as
    { Schedule: string; ScalableTargetAction: { MinCapacity?: number } }[] | undefined;
  const baseline = Number(target.Properties?.MinCapacity ?? 0);
  const hourOf = (schedule: string) => Number(/^cron\(\d+ (\d+) /.exec(schedule)?.[1]);
  const up = actions?.find((action) => (action.ScalableTargetAction.MinCapacity ?? 0) > baseline);
  const down = actions?.find((action) => action !== up);
  if (up === undefined || down === undefined) return undefined;
  return {
    environments: (up.ScalableTargetAction.MinCapacity ?? baseline) - baseline,
    hoursPerWeek: hourOf(down.Schedule) - hourOf(up.Schedule),
  };
}
