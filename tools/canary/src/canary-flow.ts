/**
 * The seed's flow as a synthetic user walks it, every 5 minutes in each stage (CloudWatch
 * Synthetics) and on demand against `npm start` (`npm run canary`): sign in, create a post, read
 * the feed, like the post, clean up. The same code in both places; only the tracer and the
 * API addresses differ.
 */

/** Where each app's API answers (one REST API per app in AWS, one address locally). */
export type CanaryApis = Record<'auth' | 'posts' | 'feed' | 'likes', string>;

export interface SyntheticUser {
  email: string;
  username: string;
  password: string;
}

/** Runs one step inside the canary's trace; `traceHeader` continues it into the backend. */
export interface CanaryTracer {
  step<T>(name: string, run: (traceHeader: string) => Promise<T>): Promise<T>;
}

export interface StepResult {
  step: string;
  status: number;
}

export class CanaryStepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    body: string,
  ) {
    super(status ? `${step}: HTTP ${status} ${body.slice(0, 200)}` : `${step}: ${body}`);
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Marks the requests as the canary's in access logs (the trace carries `synthetic = true`). */
export const CANARY_USER_AGENT = 'traced-social-canary/1';

/** A request that could not be sent (DNS, refused, TLS) fails its step by name. */
async function fetchOrFail(step: string, url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new CanaryStepFailed(step, 0, (error as Error).message);
  }
}

export async function runCanaryFlow(
  apis: CanaryApis,
  user: SyntheticUser,
  tracer: CanaryTracer,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const call = (
    step: string,
    base: string,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; expect: number[] },
  ): Promise<Answer> =>
    tracer.step(step, async (traceHeader) => {
      const response = await fetchOrFail(
        step,
        new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`),
        {
          method,
          headers: {
            'x-amzn-trace-id': traceHeader,
            'user-agent': CANARY_USER_AGENT,
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        },
      );
      const text = await response.text();
      if (!options.expect.includes(response.status)) {
        throw new CanaryStepFailed(step, response.status, text);
      }
      results.push({ step, status: response.status });
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
    });

  const credentials = { email: user.email, password: user.password };
  let login = await call('sign in', apis.auth, 'POST', '/auth/login', {
    body: credentials,
    expect: [200, 401],
  });
  if (login.status === 401) {
    // First run in a stage (or a fresh local cloud): the synthetic user registers itself.
    await call('register the synthetic user', apis.auth, 'POST', '/auth/register', {
      body: user,
      expect: [201],
    });
    login = await call('sign in', apis.auth, 'POST', '/auth/login', {
      body: credentials,
      expect: [200],
    });
  }
  const token = String(login.body.accessToken);
  const created = await call('create a post', apis.posts, 'POST', '/posts', {
    token,
    body: { text: `Canary check ${new Date().toISOString()}` },
    expect: [201],
  });
  const postId = String((created.body.post as { postId: string }).postId);
  try {
    await call('read the feed', apis.feed, 'GET', '/feed', { token, expect: [200] });
    await call('like the post', apis.likes, 'PUT', `/posts/${postId}/like`, {
      token,
      expect: [200],
    });
  } finally {
    // Clean up even when a step failed: the synthetic user's posts must not pile up.
    await call('delete the post', apis.posts, 'DELETE', `/posts/${postId}`, {
      token,
      expect: [204],
    });
  }
  return results;
}
