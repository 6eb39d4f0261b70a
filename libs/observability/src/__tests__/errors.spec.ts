import { expectTrace } from '../testing';
import { useFixtureHandlers } from './support/fixture-handlers';

describe('errors on emitted segments', () => {
  const fixtures = useFixtureHandlers();

  it('closes a failing operation, records the error on it, and rethrows', async () => {
    const { result, tree } = await fixtures.invoke({
      exportName: 'failing',
      event: { escape: false },
    });

    expect(result).toEqual({ statusCode: 500, body: 'handled' });
    const trace = expectTrace(tree).toBeComplete();
    trace
      .node('Sync Failure')
      .toBeClosed()
      .toBeFault()
      .toHaveException('StorageError', 'disk on fire');
    // A 4xx-style error (statusCode 404) is the caller's: error flag, not fault.
    const notFound = trace
      .node('Async Failure')
      .toBeClosed()
      .toBeError()
      .toHaveException('NotFoundError', 'post post-9 not found');
    expect(notFound.document.fault).toBeFalsy();
    // The handler answered 500: its subsegment says so.
    const handler = trace
      .node('## handlers.failing')
      .toBeFault()
      .toHaveAnnotation('statusCode', 500);
    expect(handler.document.http?.response?.status).toBe(500);
  });

  it('annotates errorType on the handler when an error escapes, and the invocation faults', async () => {
    const { error, tree } = await fixtures.invoke({
      exportName: 'failing',
      event: { escape: true },
    });

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('write failed');
    const trace = expectTrace(tree).toBeComplete();
    trace
      .node('## handlers.failing')
      .toBeClosed()
      .toBeFault()
      .toHaveAnnotation('errorType', 'StorageError')
      .toHaveAnnotation('operationType', 'FAILING_OPERATION')
      .toHaveException('StorageError', 'write failed');
    trace.nodes('test-function').forEach((segment) => segment.toBeFault());
  });

  it('captureTraceError records errorType, the exception and the context as metadata', async () => {
    const { tree } = await fixtures.invoke({
      exportName: 'handledError',
      event: {},
    });

    const createPost = expectTrace(tree)
      .node('CreatePost')
      .toHaveAnnotation('errorType', 'NotFoundError')
      .toBeError()
      .toHaveException('NotFoundError', 'no such user user-7');
    expect(createPost.metadata('errorContext')).toEqual({ userId: 'user-7', attempt: 2 });
    expectTrace(tree)
      .node('## handlers.handledError')
      .toBeError()
      .toHaveAnnotation('statusCode', 404);
  });
});
