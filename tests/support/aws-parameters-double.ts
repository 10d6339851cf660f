import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the two AWS services the API Lambda reads runtime values from, SSM
 * Parameter Store (GetParameter) and Secrets Manager (GetSecretValue), speaking their JSON
 * protocol so the real AWS SDK and Powertools Parameters talk to it unchanged. There is no AWS
 * account here; this double is the boundary. It answers only the calls the API makes.
 */
export class AwsParametersDoubleForTest {
  readonly parameters = new Map<string, string>();
  /** Secret versions by stage (`AWSCURRENT`, `AWSPREVIOUS`), per secret id. */
  readonly secrets = new Map<string, Map<string, string>>();
  /** Secret stages whose reads answer with Secrets Manager's throttling error. */
  readonly throttledStages = new Set<string>();
  /** How many calls each service action received. */
  readonly calls = new Map<string, number>();

  private readonly server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const [status, payload] = this.answer(request.headers['x-amz-target'], body);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    });
  });
  /** The URL to give the SDK (`AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
  endpoint = '';

  /** Starts the double on a free loopback port. */
  static async start(): Promise<AwsParametersDoubleForTest> {
    const double = new AwsParametersDoubleForTest();
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    const { port } = double.server.address() as AddressInfo;
    double.endpoint = `http://127.0.0.1:${String(port)}`;
    return double;
  }

  /** Moves the current secret to `AWSPREVIOUS` and makes `value` current, as a rotation does. */
  rotate(secretId: string, value: string): void {
    const versions = this.secrets.get(secretId) ?? new Map<string, string>();
    const current = versions.get('AWSCURRENT');
    if (current !== undefined) versions.set('AWSPREVIOUS', current);
    versions.set('AWSCURRENT', value);
    this.secrets.set(secretId, versions);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }

  private answer(target: string | string[] | undefined, body: string): [number, unknown] {
    const action = String(target);
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
    const input = JSON.parse(body) as Record<string, string | undefined>;

    if (action === 'AmazonSSM.GetParameter') {
      const value = this.parameters.get(input.Name ?? '');
      return value === undefined
        ? notFound('ParameterNotFound')
        : [200, { Parameter: { Name: input.Name, Type: 'String', Value: value, Version: 1 } }];
    }
    if (action === 'secretsmanager.GetSecretValue') {
      const stage = input.VersionStage ?? 'AWSCURRENT';
      this.calls.set(`${action}:${stage}`, (this.calls.get(`${action}:${stage}`) ?? 0) + 1);
      if (this.throttledStages.has(stage)) {
        return [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }];
      }
      const value = this.secrets.get(input.SecretId ?? '')?.get(stage);
      return value === undefined
        ? notFound('ResourceNotFoundException')
        : [200, { Name: input.SecretId, SecretString: value, VersionStages: [stage] }];
    }
    return [400, { __type: 'UnknownOperationException', message: `not served: ${action}` }];
  }
}

function notFound(type: string): [number, unknown] {
  return [400, { __type: type, message: 'not found' }];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
