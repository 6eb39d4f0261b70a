import { dependencyOf } from '../lib/handler-bundle-build';
import { firstEvent } from './first-event';

describe('handler-bundles bench helpers', () => {
  it('names a bundled input by its npm package or its workspace project', () => {
    expect(dependencyOf('node_modules/zod/v4/classic/schemas.js')).toBe('zod');
    expect(dependencyOf('node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(dependencyOf('node_modules/@aws-sdk/lib-dynamodb/node_modules/@smithy/core/x.js')).toBe(
      '@smithy/core',
    );
    expect(dependencyOf('libs/http/src/errors.ts')).toBe('libs/http');
  });

  it('gives an API handler a request without a token, with its path parameters filled in', () => {
    const event = firstEvent({ type: 'api', method: 'DELETE', path: '/posts/{postId}/like' }) as {
      path: string;
      pathParameters: Record<string, string>;
      headers: Record<string, string>;
      body: string | null;
    };
    expect(event.pathParameters.postId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.path).toBe(`/posts/${event.pathParameters.postId}/like`);
    expect(event.headers).not.toHaveProperty('authorization');
    expect(event.body).toBeNull();
  });

  it('gives stream consumers an empty batch and schedules a tick', () => {
    expect(firstEvent({ type: 'kinesis', stream: 'events' })).toEqual({ Records: [] });
    expect(firstEvent({ type: 'schedule', expression: 'rate(1 minute)' })).toMatchObject({
      'detail-type': 'Scheduled Event',
    });
  });
});
