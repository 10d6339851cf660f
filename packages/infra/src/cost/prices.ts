/**
 * AWS list prices, in US dollars, of what a stage pays whether or not anyone uses it: the
 * on-demand prices of US East (N. Virginia) that AWS's pricing pages quote in their examples.
 * Some are a little higher in Tokyo, so the estimate is a floor, good for noticing a change in
 * review rather than for a bill. docs/observability.md (Cost) lists each item; check before relying on one.
 */
export const MONTHLY_PRICES = {
  /** A WAF web ACL, per month. */
  wafWebAcl: 5,
  /** A rule or managed rule group in a web ACL, per month. */
  wafRule: 1,
  /** A CloudWatch dashboard, per month (the first three of an account are free). */
  dashboard: 3,
  /** Each metric a standard-resolution alarm evaluates, per month. */
  alarmMetric: 0.1,
  /** A custom CloudWatch metric (Powertools metrics, CloudFront's additional metrics). */
  customMetric: 0.3,
  /** The metrics CloudFront adds with its additional metrics turned on. */
  cloudFrontAdditionalMetrics: 8,
  /** A Secrets Manager secret, per month. */
  secret: 0.4,
  /** A customer managed KMS key, per month. */
  kmsKey: 1,
  /** Provisioned concurrency on arm64, per GB-second. */
  provisionedConcurrencyGbSecond: 0.000_003_333_4,
} as const;

/** Seconds in a billing month as AWS counts it (730 hours). */
export const SECONDS_PER_MONTH = 730 * 3600;
/** Weeks in an average month, for weekly schedules. */
export const WEEKS_PER_MONTH = 52 / 12;
