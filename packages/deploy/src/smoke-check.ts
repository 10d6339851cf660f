import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** How long one check waits for an answer. */
const TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;

/**
 * Checks a deployed stage from the outside, the way a visitor meets it: the API's health route
 * on API Gateway and through CloudFront, and the web app's page. The URLs come from the SSM
 * parameters the stacks publish (`/ltc/<stage>/api/url`, `/ltc/<stage>/web/url`).
 */
export function httpSmokeCheck(region: string) {
  const ssm = new SSMClient({ region });
  const parameter = async (name: string) => {
    const found = await ssm.send(new GetParameterCommand({ Name: name }));
    const value = found.Parameter?.Value;
    if (value === undefined) throw new Error(`SSM parameter ${name} is empty`);
    return value;
  };

  return async (stage: string): Promise<void> => {
    const apiUrl = await parameter(`/ltc/${stage}/api/url`);
    const siteUrl = await parameter(`/ltc/${stage}/web/url`);
    await expectAnswer(new URL('api/health', apiUrl).toString(), 'application/json');
    await expectAnswer(new URL('/api/health', siteUrl).toString(), 'application/json');
    await expectAnswer(new URL('/', siteUrl).toString(), 'text/html');
  };
}

async function expectAnswer(url: string, contentType: string): Promise<void> {
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && type.includes(contentType)) return;
      last = `GET ${url} answered ${String(response.status)} ${type}`;
    } catch (error) {
      last = `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  throw new Error(last);
}
