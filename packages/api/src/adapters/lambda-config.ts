import { z } from 'zod';

const lambdaEnvironment = z.object({
  TABLE_NAME: z.string().min(1),
  AUTH_ISSUER: z.url(),
  AUTH_CLIENT_ID: z.string().min(1),
  AWS_REGION: z.string().min(1),
  /** Name of the Secrets Manager secret that signs pagination cursors. */
  SIGNING_KEY_SECRET_ID: z.string().min(1),
  /** Name of the SSM parameter holding the runtime settings (JSON). */
  SETTINGS_PARAMETER: z.string().startsWith('/'),
  /** Management endpoint of the WebSocket API, where the API pushes changes of an event night. */
  REALTIME_CALLBACK_URL: z.url({ protocol: /^https$/ }),
  /** Origin of the stage's site, for links in calendar entries; see ApiDependencies.siteUrl. */
  SITE_URL: z.url().optional(),
});

export type LambdaConfig = z.infer<typeof lambdaEnvironment>;

/**
 * Reads the API Lambda's settings from its environment, which the CDK app sets. A missing
 * value stops the function at start with the name of the variable, not later with a vague
 * failure in the middle of a request.
 */
export function readLambdaConfig(environment: NodeJS.ProcessEnv): LambdaConfig {
  const result = lambdaEnvironment.safeParse(environment);
  if (!result.success) {
    const names = result.error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`);
    throw new Error(
      `The API Lambda is missing settings: ${names.join(', ')}. They are set as environment variables by the Api stack of the CDK app.`,
    );
  }
  return result.data;
}
