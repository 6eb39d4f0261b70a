import { expectTrace, invokeAsLambda, useSegmentCapture } from '../testing';

const handlers = require.resolve('./fixtures/handlers');

describe('annotation keys', () => {
  const capture = useSegmentCapture();

  it.each([
    ['cache.hit', /cannot be indexed by X-Ray.*did you mean "cacheHit"/],
    ['favourite-colour', /cannot be indexed by X-Ray/],
    ['favouriteColour', /not one of the product's annotation keys/],
  ])('refuses %s with a clear error under NODE_ENV=test', async (key, message) => {
    const { result, tree } = await invokeAsLambda({
      capture,
      handler: handlers,
      exportName: 'invalidKey',
      event: { key },
    });

    const body = (result as { body: string }).body;
    expect(body).toMatch(/^refused: /);
    expect(body).toMatch(message);
    expectTrace(tree)
      .node('## handlers.invalidKey')
      .notToHaveAnnotation(key)
      .toHaveAnnotation('cacheHit', false);
  });

  it('drops the key and logs a warning in production, and the handler carries on', async () => {
    const written: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const { result, tree } = await invokeAsLambda({
        capture,
        handler: handlers,
        exportName: 'invalidKey',
        event: { key: 'cache.hit' },
        env: { NODE_ENV: 'production' },
      });

      expect(result).toEqual({ statusCode: 200, body: 'annotated' });
      expectTrace(tree)
        .node('## handlers.invalidKey')
        .notToHaveAnnotation('cache.hit')
        .toHaveAnnotation('cacheHit', false);
    } finally {
      stderr.mockRestore();
    }
    const warning = written.map((line) => JSON.parse(line)).find((log) => log.level === 'WARN');
    expect(warning).toMatchObject({ convention: 'InvalidAnnotationKeyError' });
    expect(warning.message).toMatch(/"cache.hit" cannot be indexed by X-Ray/);
  });

  it("annotates every handler segment with the STAGE it runs in (each stage's X-Ray groups filter on it)", async () => {
    const handlerSegmentIn = async (STAGE: string) => {
      const { tree } = await invokeAsLambda({
        capture,
        handler: handlers,
        exportName: 'nested',
        event: { userId: 'user-1' },
        env: { STAGE },
      });
      return expectTrace(tree).node('## handlers.nested');
    };
    (await handlerSegmentIn('dev'))
      .toHaveAnnotation('stage', 'dev')
      .toHaveAnnotation('operationType', 'CREATE_POST');
    (await handlerSegmentIn('')).notToHaveAnnotation('stage');
  });
});
