import { defineApp } from '@traced-social/manifest';

/**
 * A fixture app for the infra tests: one function per trigger type and every kind of `uses`, so the
 * stacks are proven on all of the manifest language whatever the real apps use today.
 */
export const manifest = defineApp({
  app: 'fixture',
  service: 'fixture',
  functions: [
    {
      name: 'create-thing',
      entry: 'src/handlers/answer.ts',
      operationType: 'CREATE_THING',
      trigger: { type: 'api', method: 'POST', path: '/things', auth: true },
      uses: {
        tables: { posts: 'readwrite', users: 'read' },
        publishes: ['events'],
        buckets: { media: 'write' },
        jwtSecret: true,
      },
    },
    {
      name: 'get-thing',
      entry: 'src/handlers/answer.ts',
      operationType: 'GET_THING',
      trigger: { type: 'api', method: 'GET', path: '/things/{thingId}' },
      uses: { tables: { posts: 'read' } },
    },
    {
      name: 'get-feed',
      entry: 'src/handlers/answer.ts',
      operationType: 'GET_FEED',
      trigger: { type: 'api', method: 'GET', path: '/feed' },
      uses: { tables: { feeds: 'read' }, redis: true },
      objectives: { latency: { thresholdMs: 300 } },
    },
    {
      name: 'fan-out',
      entry: 'src/handlers/consume.ts',
      operationType: 'FAN_OUT',
      trigger: { type: 'kinesis', stream: 'events', batchSize: 50, maxRetries: 5 },
      uses: { tables: { feeds: 'write', follows: 'read' }, redis: true },
      timeoutSeconds: 120,
    },
    {
      name: 'count-likes',
      entry: 'src/handlers/consume.ts',
      operationType: 'COUNT_LIKES',
      trigger: { type: 'dynamodb-stream', table: 'likes', bisectBatchOnError: false },
      uses: { tables: { posts: 'write' } },
    },
    {
      name: 'sweep',
      entry: 'src/handlers/consume.ts',
      operationType: 'SWEEP',
      trigger: { type: 'schedule', expression: 'rate(1 hour)' },
      uses: { tables: { notifications: 'readwrite' } },
    },
  ],
});
