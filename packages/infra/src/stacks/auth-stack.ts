import { Duration, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

import { publishParameter } from '../constructs/stage-parameters.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

export const AUTH_PARAMETERS = {
  userPoolId: 'auth/user-pool-id',
  webClientId: 'auth/web-client-id',
} as const;

/** The construct id of the user pool; its logical id must never change (a test pins it). */
export const USER_POOL_ID = 'OrganizerPool';

/** Groups the API checks: organizers run events, admins also manage organizers. */
export const ORGANIZER_GROUPS = ['organizers', 'admins'] as const;

/**
 * Sign-in for organizers: a Cognito user pool with TOTP MFA required, a strong password
 * policy, no self sign-up, and the groups the API checks. Participants and speakers have no
 * accounts; they use private links.
 */
export class AuthStack extends StageStack {
  readonly userPool: cognito.UserPool;

  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'auth', { ...props, description: 'Cognito user pool for organizers' });
    const { stage, auth, deletionProtection } = this.config;

    this.userPool = new cognito.UserPool(this, USER_POOL_ID, {
      userPoolName: `ltc-${stage}-organizers`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: auth.threatProtection
        ? cognito.FeaturePlan.PLUS
        : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: auth.threatProtection
        ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
        : undefined,
      deletionProtection,
      removalPolicy: this.statefulRemovalPolicy,
    });
    if (!auth.threatProtection) {
      const reason =
        'Threat protection needs the Plus plan, billed per active user; this stage turns it off in its config (auth.threatProtection) to stay cheap. Staging and prod enforce it.';
      Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG3', reason });
      Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG8', reason });
    }

    for (const group of ORGANIZER_GROUPS) {
      new cognito.UserPoolGroup(this, `Group-${group}`, {
        userPool: this.userPool,
        groupName: group,
        description: group === 'admins' ? 'Manage organizers and every event' : 'Run events',
      });
    }

    const webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `ltc-${stage}-web`,
      // The web app signs in with the pool's API: password over TLS, then the TOTP challenge.
      // Only this flow and refresh are allowed (docs/decisions/0006-organizer-sign-in.md).
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      // How long each step of a sign-in may take; enrolling an authenticator app (install it,
      // scan the QR code) needs more than Cognito's default 3 minutes. 15 is Cognito's maximum.
      authSessionValidity: Duration.minutes(15),
      enableTokenRevocation: true,
    });

    publishParameter(
      this,
      stage,
      AUTH_PARAMETERS.userPoolId,
      this.userPool.userPoolId,
      'Organizer user pool id',
    );
    publishParameter(
      this,
      stage,
      AUTH_PARAMETERS.webClientId,
      webClient.userPoolClientId,
      'App client id of the web app',
    );
  }
}
