import { tracedOperation, withTracing } from '@traced-social/observability';

/**
 * The entry bundled for the cold-start figures: the library's wrapper and two operations, no AWS
 * call, so import and first-invocation time are the tracing backend's (and nothing else's).
 */
export const handler = withTracing(
  async (event: { text: string }) => {
    const length = await tracedOperation('Request Validation', async () => event.text.length);
    await tracedOperation('CreatePost', async () => JSON.parse(JSON.stringify({ length })));
    return { statusCode: 201 };
  },
  { operationType: 'CREATE_POST' },
);
