import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WebAclProps {
  /** `CLOUDFRONT` ACLs must be created in us-east-1; `REGIONAL` ones sit beside the API. */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** The ACL's name, which carries the stage. */
  readonly name: string;
  /** Requests one IP address may make in five minutes before the rate rule blocks it. */
  readonly rateLimitPer5Minutes: number;
}

/** AWS managed rule groups that suit a public web app with a JSON API. */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
] as const;

/**
 * A WAF web ACL: a per-IP rate rule first, then AWS's managed rule groups. Every rule
 * publishes CloudWatch metrics and samples, so blocks can be seen and explained.
 */
export class WebAcl extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);

    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: { limit: props.rateLimitPer5Minutes, aggregateKeyType: 'IP' },
      },
      visibilityConfig: visibility(`${props.name}-rate-limit`),
    };
    const managedRules = MANAGED_RULE_GROUPS.map((name, index): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority: index + 1,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(`${props.name}-${name}`),
    }));

    this.acl = new wafv2.CfnWebACL(this, 'Acl', {
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [rateRule, ...managedRules],
    });
  }
}
