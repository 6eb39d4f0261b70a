import type { FunctionSpec } from '@traced-social/manifest';

/**
 * The event of a handler's first invocation in the bench: one that every handler of its trigger
 * answers without data (an API request without a token gets its 401, a batch is empty, a
 * schedule ticks), so the figure is the handler's own first-call cost — the tracing backend
 * loaded, clients and wrapper set up — and never a missing table's.
 */
export function firstEvent(trigger: FunctionSpec['trigger']): unknown {
  switch (trigger.type) {
    case 'api': {
      const pathParameters: Record<string, string> = {};
      for (const [, name] of trigger.path.matchAll(/\{([^}]+)\}/g)) {
        pathParameters[name] = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
      }
      const path = trigger.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathParameters[name]);
      return {
        httpMethod: trigger.method,
        path,
        resource: trigger.path,
        headers: { 'content-type': 'application/json' },
        multiValueHeaders: {},
        pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        body: trigger.method === 'GET' || trigger.method === 'DELETE' ? null : '{}',
        isBase64Encoded: false,
        stageVariables: null,
        requestContext: {
          requestId: 'bench-first-request',
          httpMethod: trigger.method,
          path,
          resourcePath: trigger.path,
          stage: 'bench',
        },
      };
    }
    case 'kinesis':
    case 'dynamodb-stream':
      return { Records: [] };
    case 'schedule':
      return {
        source: 'aws.events',
        'detail-type': 'Scheduled Event',
        detail: {},
        time: new Date(0).toISOString(),
      };
  }
}
