import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'likes',
  service: 'likes',
  functions: [
    {
      name: 'like-post',
      entry: 'src/handlers/like-post.ts',
      operationType: 'LIKE_POST',
      trigger: { type: 'api', method: 'PUT', path: '/posts/{postId}/like', auth: true },
      uses: { tables: { posts: 'read', likes: 'readwrite' }, jwtSecret: true },
    },
    {
      name: 'unlike-post',
      entry: 'src/handlers/unlike-post.ts',
      operationType: 'UNLIKE_POST',
      trigger: { type: 'api', method: 'DELETE', path: '/posts/{postId}/like', auth: true },
      uses: { tables: { posts: 'read', likes: 'readwrite' }, jwtSecret: true },
    },
    {
      name: 'get-likes',
      entry: 'src/handlers/get-likes.ts',
      operationType: 'GET_LIKES',
      trigger: { type: 'api', method: 'GET', path: '/posts/{postId}/likes', auth: true },
      uses: { tables: { posts: 'read', likes: 'read' }, jwtSecret: true },
    },
    {
      name: 'count-likes',
      entry: 'src/handlers/count-likes.ts',
      operationType: 'COUNT_LIKES',
      // Poison records fail the invocation: bisecting isolates them before they are dead-lettered.
      trigger: {
        type: 'dynamodb-stream',
        table: 'likes',
        batchSize: 100,
        startingPosition: 'TRIM_HORIZON',
        maxRetries: 8,
        bisectBatchOnError: true,
      },
      uses: { tables: { likes: 'readwrite' }, publishes: ['events'] },
      timeoutSeconds: 30,
    },
  ],
});
