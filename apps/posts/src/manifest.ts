import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'posts',
  service: 'posts',
  functions: [
    {
      name: 'create-post',
      entry: 'src/handlers/create-post.ts',
      operationType: 'CREATE_POST',
      trigger: { type: 'api', method: 'POST', path: '/posts', auth: true },
      uses: {
        tables: { users: 'read', posts: 'readwrite', idempotency: 'readwrite' },
        publishes: ['events'],
        buckets: { media: 'write' },
        jwtSecret: true,
      },
    },
    {
      name: 'get-post',
      entry: 'src/handlers/get-post.ts',
      operationType: 'GET_POST',
      trigger: { type: 'api', method: 'GET', path: '/posts/{postId}', auth: true },
      uses: { tables: { posts: 'read' }, jwtSecret: true },
    },
    {
      name: 'delete-post',
      entry: 'src/handlers/delete-post.ts',
      operationType: 'DELETE_POST',
      trigger: { type: 'api', method: 'DELETE', path: '/posts/{postId}', auth: true },
      // readwrite on media: s3:DeleteObject of the deleted post's image.
      uses: {
        tables: { posts: 'readwrite' },
        publishes: ['events'],
        buckets: { media: 'readwrite' },
        jwtSecret: true,
      },
    },
    {
      name: 'list-user-posts',
      entry: 'src/handlers/list-user-posts.ts',
      operationType: 'LIST_USER_POSTS',
      trigger: { type: 'api', method: 'GET', path: '/users/{userId}/posts', auth: true },
      uses: { tables: { posts: 'read' }, jwtSecret: true },
    },
    {
      name: 'relay-outbox',
      entry: 'src/handlers/relay-outbox.ts',
      operationType: 'RELAY_OUTBOX',
      trigger: { type: 'schedule', expression: 'rate(1 minute)' },
      uses: { tables: { posts: 'readwrite' }, publishes: ['events'] },
      // Drains for up to 45 s per run (RELAY_BUDGET_MS), within the minute between runs.
      timeoutSeconds: 60,
    },
  ],
});
