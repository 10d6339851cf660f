import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { acknowledgeCdkProviderFunctions } from '../constructs/cdk-provider-functions.js';
import {
  CrossRegionParameters,
  publishParameter,
  readParameter,
} from '../constructs/stage-parameters.js';
import { ConfigError } from '../config/load.js';
import { REPO_ROOT } from '../paths.js';
import { API_PARAMETERS, REST_STAGE_NAME } from './api-stack.js';
import { AUTH_PARAMETERS } from './auth-stack.js';
import { EDGE_PARAMETERS, EDGE_REGION, HOSTED_ZONE_PARAMETER } from './edge-stack.js';
import { REALTIME_PARAMETERS } from './realtime-stack.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

export const WEB_PARAMETERS = {
  distributionId: 'web/distribution-id',
  siteUrl: 'web/url',
} as const;

/** Construct ids of the buckets; their logical ids must never change (a test pins them). */
export const SITE_BUCKET_ID = 'SiteBucket';
export const LOG_BUCKET_ID = 'LogBucket';

/** How browsers and CloudFront keep the build's fingerprinted files: a year, never revalidated. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** How they keep `index.html` and other files without a fingerprint: always revalidated. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** The built web app; `npm run build:web` writes it. */
export const WEB_DIST = path.join(REPO_ROOT, 'packages/web/dist');

/**
 * Answers a path without a file extension with the app's `index.html`, so the browser app's
 * own routes load on a fresh visit. Runs on CloudFront Functions' JavaScript runtime; unlike a
 * distribution-wide error page, it leaves the API's own 404 answers alone.
 */
const SPA_ROUTING_CODE = `
function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
`;

/**
 * The site: the built web app in a private bucket behind CloudFront (origin access control,
 * TLS 1.2+, the edge web ACL), `/api/*` forwarded to the REST API, and the stage's DNS records.
 */
export class WebStack extends StageStack {
  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'web', { ...props, description: 'site bucket, CloudFront and DNS' });
    const { stage, domainName, zoneName } = this.config;

    const edge = new CrossRegionParameters(this, 'EdgeParameters', {
      stage,
      region: EDGE_REGION,
      names: [EDGE_PARAMETERS.webAclArn, EDGE_PARAMETERS.certificateArn, HOSTED_ZONE_PARAMETER],
      // The certificate is replaced when the domain changes; read again then.
      refreshWhen: domainName,
      logGroup: this.deployTimeLogGroup,
    });

    const logBucket = new s3.Bucket(this, LOG_BUCKET_ID, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with bucket ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(this.config.logRetentionDays) }],
      removalPolicy: this.statefulRemovalPolicy,
      autoDeleteObjects: this.statefulRemovalPolicy === RemovalPolicy.DESTROY,
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the access logs of the site bucket and CloudFront; logging it would log itself.',
    });

    const siteBucket = new s3.Bucket(this, SITE_BUCKET_ID, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: this.statefulRemovalPolicy,
      autoDeleteObjects: this.statefulRemovalPolicy === RemovalPolicy.DESTROY,
    });

    const apiOrigin = new origins.HttpOrigin(
      readParameter(this, stage, API_PARAMETERS.originDomain),
      {
        originPath: `/${REST_STAGE_NAME}`,
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      },
    );
    const spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      functionName: `ltc-${stage}-spa-routing`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTING_CODE),
    });
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `ltc-${stage}-security-headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            // The stage's WebSocket API for live updates, and Cognito for the organizer sign-in.
            `connect-src 'self' ${readParameter(this, stage, REALTIME_PARAMETERS.url)} https://cognito-idp.${this.region}.amazonaws.com`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(siteBucket);
    const policies = this.cachePolicies();
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Lightning Talk Circle ${stage}`,
      domainNames: [domainName],
      certificate: acm.Certificate.fromCertificateArn(
        this,
        'Certificate',
        edge.value(EDGE_PARAMETERS.certificateArn),
      ),
      webAclId: edge.value(EDGE_PARAMETERS.webAclArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
        cachePolicy: policies.pages,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          compress: true,
          cachePolicy: policies.assets,
          responseHeadersPolicy: securityHeaders,
        },
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          compress: true,
          cachePolicy: policies.api,
          originRequestPolicy: policies.apiRequest,
          responseHeadersPolicy: securityHeaders,
        },
      },
    });
    // CloudFront publishes the cache hit rate only with its additional metrics turned on.
    new cloudfront.CfnMonitoringSubscription(this, 'AdditionalMetrics', {
      distributionId: distribution.distributionId,
      monitoringSubscription: {
        realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' },
      },
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'The community welcomes visitors from every country; the web ACL and rate rule guard against abuse instead.',
    });

    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: edge.value(HOSTED_ZONE_PARAMETER),
      zoneName,
    });
    const aliasTarget = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution));
    new route53.ARecord(this, 'SiteRecord', { zone, recordName: domainName, target: aliasTarget });
    new route53.AaaaRecord(this, 'SiteRecordIpv6', {
      zone,
      recordName: domainName,
      target: aliasTarget,
    });

    if (existsSync(path.join(WEB_DIST, 'index.html'))) {
      this.deploySite(siteBucket, distribution);
    } else if (this.bundlingRequired) {
      throw new ConfigError('The web app is not built: run `npm run build:web` before synth.');
    }

    acknowledgeCdkProviderFunctions(this, siteBucket);

    publishParameter(
      this,
      stage,
      WEB_PARAMETERS.distributionId,
      distribution.distributionId,
      'CloudFront distribution id',
    );
    publishParameter(
      this,
      stage,
      WEB_PARAMETERS.siteUrl,
      `https://${domainName}`,
      'Public URL of the site',
    );
  }

  /**
   * What CloudFront keeps, per behaviour: fingerprinted build files for a year; pages revalidated
   * on every request; API answers only when the API marks them public, for at most a minute.
   * Each cache key holds only what changes the answer, and the API gets only the headers it reads.
   */
  private cachePolicies(): {
    assets: cloudfront.CachePolicy;
    pages: cloudfront.CachePolicy;
    api: cloudfront.CachePolicy;
    apiRequest: cloudfront.OriginRequestPolicy;
  } {
    const { stage } = this.config;
    const compressed = { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true };
    const nothingInKey = {
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
    };
    return {
      assets: new cloudfront.CachePolicy(this, 'AssetsCachePolicy', {
        cachePolicyName: `ltc-${stage}-assets`,
        comment: 'Fingerprinted build files: kept for a year',
        minTtl: Duration.days(365),
        defaultTtl: Duration.days(365),
        maxTtl: Duration.days(365),
        ...nothingInKey,
        ...compressed,
      }),
      pages: new cloudfront.CachePolicy(this, 'PagesCachePolicy', {
        cachePolicyName: `ltc-${stage}-pages`,
        comment: 'index.html and files without a fingerprint: revalidated with the bucket',
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.seconds(0),
        maxTtl: Duration.days(1),
        ...nothingInKey,
        ...compressed,
      }),
      api: new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
        cachePolicyName: `ltc-${stage}-api`,
        comment: 'API: kept only when the answer says public, for at most a minute',
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.seconds(0),
        maxTtl: Duration.seconds(60),
        // Credentials are part of the key, so an organizer's or a manage link's answer is never
        // served to anyone else (the API marks those answers no-store as well).
        headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization', 'x-manage-token'),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
        ...compressed,
      }),
      apiRequest: new cloudfront.OriginRequestPolicy(this, 'ApiRequestPolicy', {
        originRequestPolicyName: `ltc-${stage}-api`,
        comment: 'The headers the API reads besides the cache key; no cookies',
        headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
          'content-type',
          'x-request-id',
        ),
        cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
        queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      }),
    };
  }

  /**
   * Uploads the built web app and its `config.json`, then invalidates CloudFront's cache. The
   * fingerprinted files go first, each with the cache header that suits it, so a new
   * `index.html` never names a file that is not there yet.
   */
  private deploySite(siteBucket: s3.Bucket, distribution: cloudfront.Distribution): void {
    const { stage } = this.config;
    const assets = new s3deploy.BucketDeployment(this, 'SiteAssets', {
      destinationBucket: siteBucket,
      destinationKeyPrefix: 'assets/',
      sources: [s3deploy.Source.asset(path.join(WEB_DIST, 'assets'))],
      cacheControl: [s3deploy.CacheControl.fromString(ASSET_CACHE_CONTROL)],
      // Files of earlier builds stay a while, for pages still open in a browser; the bucket's
      // lifecycle removes old versions.
      prune: false,
      memoryLimit: 512,
      logGroup: this.deployTimeLogGroup,
    });
    const pages = new s3deploy.BucketDeployment(this, 'SiteContent', {
      destinationBucket: siteBucket,
      distribution,
      sources: [
        s3deploy.Source.asset(WEB_DIST, { exclude: ['assets/**'] }),
        s3deploy.Source.jsonData('config.json', {
          auth: {
            kind: 'cognito',
            region: this.region,
            userPoolId: readParameter(this, stage, AUTH_PARAMETERS.userPoolId),
            clientId: readParameter(this, stage, AUTH_PARAMETERS.webClientId),
          },
          realtime: { url: readParameter(this, stage, REALTIME_PARAMETERS.url) },
        }),
      ],
      // Leaves the fingerprinted files to the deployment above.
      exclude: ['assets/*'],
      cacheControl: [s3deploy.CacheControl.fromString(PAGE_CACHE_CONTROL)],
      memoryLimit: 512,
      logGroup: this.deployTimeLogGroup,
    });
    pages.node.addDependency(assets);
  }
}
