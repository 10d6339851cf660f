import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';

import { publishParameter, readParameter } from '../constructs/stage-parameters.js';
import { WebAcl } from '../constructs/web-acl.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

/** The region CloudFront takes its certificate and web ACL from. */
export const EDGE_REGION = 'us-east-1';

/**
 * The SSM parameter, in us-east-1, that holds the id of the stage's Route 53 hosted zone. An
 * operator sets it once per account (docs/infrastructure.md); the repository never holds it.
 */
export const HOSTED_ZONE_PARAMETER = 'dns/hosted-zone-id';

export const EDGE_PARAMETERS = {
  webAclArn: 'edge/web-acl-arn',
  certificateArn: 'edge/certificate-arn',
} as const;

/**
 * What CloudFront needs from us-east-1: the site's TLS certificate and the web ACL in front of
 * the distribution. Both are handed to the Web stack through SSM parameters in this region.
 */
export class EdgeStack extends StageStack {
  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'edge', { ...props, description: 'CloudFront certificate and web ACL' });

    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: readParameter(this, this.config.stage, HOSTED_ZONE_PARAMETER),
      zoneName: this.config.zoneName,
    });
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: this.config.domainName,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const webAcl = new WebAcl(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      name: `ltc-${this.config.stage}-cloudfront`,
      rateLimitPer5Minutes: this.config.waf.rateLimitPer5Minutes,
    });

    publishParameter(
      this,
      this.config.stage,
      EDGE_PARAMETERS.webAclArn,
      webAcl.acl.attrArn,
      'ARN of the web ACL in front of CloudFront',
    );
    publishParameter(
      this,
      this.config.stage,
      EDGE_PARAMETERS.certificateArn,
      certificate.certificateArn,
      'ARN of the certificate CloudFront serves',
    );
  }
}
