import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'profile',
  service: 'profile',
  functions: [
    {
      name: 'get-profile',
      entry: 'src/handlers/get-profile.ts',
      operationType: 'GET_PROFILE',
      trigger: { type: 'api', method: 'GET', path: '/profiles/{userId}', auth: true },
      uses: { tables: { users: 'read' }, jwtSecret: true },
    },
    {
      name: 'get-profile-by-username',
      entry: 'src/handlers/get-profile-by-username.ts',
      operationType: 'GET_PROFILE_BY_USERNAME',
      trigger: { type: 'api', method: 'GET', path: '/profiles/by-username/{username}', auth: true },
      uses: { tables: { users: 'read' }, jwtSecret: true },
    },
    {
      name: 'update-profile',
      entry: 'src/handlers/update-profile.ts',
      operationType: 'UPDATE_PROFILE',
      trigger: { type: 'api', method: 'PATCH', path: '/profiles/me', auth: true },
      uses: { tables: { users: 'readwrite' }, jwtSecret: true },
    },
    {
      name: 'create-avatar-upload',
      entry: 'src/handlers/create-avatar-upload.ts',
      operationType: 'CREATE_AVATAR_UPLOAD',
      trigger: { type: 'api', method: 'POST', path: '/profiles/me/avatar-upload', auth: true },
      // readwrite on media: s3:DeleteObject of the avatar it replaces.
      uses: { tables: { users: 'readwrite' }, buckets: { media: 'readwrite' }, jwtSecret: true },
    },
    {
      name: 'follow-user',
      entry: 'src/handlers/follow-user.ts',
      operationType: 'FOLLOW_USER',
      trigger: { type: 'api', method: 'POST', path: '/profiles/{userId}/follow', auth: true },
      uses: {
        tables: { users: 'readwrite', follows: 'readwrite' },
        publishes: ['events'],
        jwtSecret: true,
      },
    },
    {
      name: 'unfollow-user',
      entry: 'src/handlers/unfollow-user.ts',
      operationType: 'UNFOLLOW_USER',
      trigger: { type: 'api', method: 'DELETE', path: '/profiles/{userId}/follow', auth: true },
      uses: {
        tables: { users: 'readwrite', follows: 'readwrite' },
        publishes: ['events'],
        jwtSecret: true,
      },
    },
    {
      name: 'list-followers',
      entry: 'src/handlers/list-followers.ts',
      operationType: 'LIST_FOLLOWERS',
      trigger: { type: 'api', method: 'GET', path: '/profiles/{userId}/followers', auth: true },
      uses: { tables: { follows: 'read' }, jwtSecret: true },
    },
    {
      name: 'list-following',
      entry: 'src/handlers/list-following.ts',
      operationType: 'LIST_FOLLOWING',
      trigger: { type: 'api', method: 'GET', path: '/profiles/{userId}/following', auth: true },
      uses: { tables: { follows: 'read' }, jwtSecret: true },
    },
    {
      name: 'count-follows',
      entry: 'src/handlers/count-follows.ts',
      operationType: 'COUNT_FOLLOWS',
      // Poison records fail the invocation: bisecting isolates them before they are dead-lettered.
      trigger: {
        type: 'dynamodb-stream',
        table: 'follows',
        batchSize: 100,
        startingPosition: 'TRIM_HORIZON',
        maxRetries: 8,
        bisectBatchOnError: true,
      },
      uses: { tables: { users: 'readwrite' } },
      timeoutSeconds: 30,
    },
  ],
});
