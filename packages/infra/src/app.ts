import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

import type { StageConfig } from './config/schema.js';
import { ApiStack } from './stacks/api-stack.js';
import { AuthStack } from './stacks/auth-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { EdgeAlarmsStack } from './stacks/edge-alarms-stack.js';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.js';
import { FoundationStack } from './stacks/foundation-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';
import { RealtimeStack } from './stacks/realtime-stack.js';
import { StageStack } from './stacks/stage-stack.js';
import { WebStack } from './stacks/web-stack.js';

export interface StageTarget {
  readonly config: StageConfig;
  readonly account: string;
  readonly region: string;
}

/** The stacks of one stage, by part. */
export interface StageStacks {
  readonly edge: EdgeStack;
  readonly foundation: FoundationStack;
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly api: ApiStack;
  readonly realtime: RealtimeStack;
  readonly web: WebStack;
  readonly observability: ObservabilityStack;
  readonly edgeAlarms: EdgeAlarmsStack;
}

/**
 * Adds one stage's stacks to the app and declares the order they deploy in. Nothing crosses
 * stacks by reference (values go through SSM parameters), so every dependency is written here.
 */
export function addStage(app: App, target: StageTarget): StageStacks {
  const env = { account: target.account, region: target.region };
  const props = { config: target.config, env };

  const edge = new EdgeStack(app, { ...props, env: { ...env, region: EDGE_REGION } });
  const foundation = new FoundationStack(app, props);
  const data = new DataStack(app, props);
  const auth = new AuthStack(app, props);
  const api = new ApiStack(app, props);
  const realtime = new RealtimeStack(app, props);
  const web = new WebStack(app, props);
  const observability = new ObservabilityStack(app, props);
  const edgeAlarms = new EdgeAlarmsStack(app, {
    ...props,
    env: { ...env, region: EDGE_REGION },
    mainRegion: target.region,
  });

  // Nothing of the foundation is read here: the stage's alarm topic and budget come first, so
  // that no resource holding people's data exists before the stage can be watched.
  data.addStackDependency(foundation, 'the stage is watched (alarm topic, budget) first');
  auth.addStackDependency(foundation, 'the stage is watched (alarm topic, budget) first');
  api.addStackDependency(data, 'reads the table name from SSM');
  api.addStackDependency(auth, 'reads the user pool and client ids from SSM');
  api.addStackDependency(foundation, 'reads the signing key, runtime settings and alarm topic');
  api.addStackDependency(realtime, 'pushes live changes to the WebSocket API named in SSM');
  realtime.addStackDependency(data, 'reads the table name from SSM');
  realtime.addStackDependency(auth, 'the organizer sign-in of the stage exists first');
  realtime.addStackDependency(foundation, 'reads the alarm topic from SSM in canary stages');
  web.addStackDependency(edge, 'reads the certificate and web ACL from us-east-1 SSM');
  web.addStackDependency(api, 'forwards /api/* to the REST API');
  web.addStackDependency(realtime, 'tells the browser app the WebSocket URL');
  for (const stack of [edge, foundation, data, auth, api, realtime, web]) {
    observability.addStackDependency(stack, 'watches every other stack of the stage');
  }

  edgeAlarms.addStackDependency(web, 'reads the distribution id from SSM');
  edgeAlarms.addStackDependency(edge, 'watches the CloudFront web ACL');

  return { edge, foundation, data, auth, api, realtime, web, observability, edgeAlarms };
}

/** Runs cdk-nag's AwsSolutions and Serverless packs over everything in the app at synth. */
export function addGuardrails(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

export interface BuildAppOptions {
  readonly stages: readonly StageTarget[];
  /** Where the cloud assembly goes. @default a temporary folder */
  readonly outdir?: string;
  /** Skips bundling the Lambda code, for tests that only read templates. @default false */
  readonly skipBundling?: boolean;
  /** Runs the cdk-nag packs at synth. @default true */
  readonly guardrails?: boolean;
}

/** The CDK app with the given stages. */
export function buildApp(options: BuildAppOptions): { app: App; stages: StageStacks[] } {
  const app = new App({
    outdir: options.outdir,
    context: options.skipBundling === true ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const stages = options.stages.map((target) => addStage(app, target));
  if (options.guardrails !== false) {
    addGuardrails(app);
  }
  return { app, stages };
}

/** Every stack of the given stages, in a stable order. */
export function stacksOf(stages: readonly StageStacks[]): StageStack[] {
  return stages.flatMap((stacks) => Object.values(stacks) as StageStack[]);
}
