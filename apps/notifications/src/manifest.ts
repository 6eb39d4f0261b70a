import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'notifications',
  service: 'notifications',
  functions: [
    {
      name: 'record-notifications',
      entry: 'src/handlers/record-notifications.ts',
      operationType: 'RECORD_NOTIFICATIONS',
      // Poison records fail the invocation: bisecting isolates them before they are dead-lettered.
      // Two subsegments per record: 25 records stay inside the invocation's budget of 49.
      trigger: {
        type: 'kinesis',
        stream: 'events',
        batchSize: 25,
        startingPosition: 'TRIM_HORIZON',
        maxRetries: 8,
        bisectBatchOnError: true,
      },
      uses: { tables: { notifications: 'readwrite' } },
      timeoutSeconds: 30,
    },
    {
      name: 'list-notifications',
      entry: 'src/handlers/list-notifications.ts',
      operationType: 'LIST_NOTIFICATIONS',
      trigger: { type: 'api', method: 'GET', path: '/notifications', auth: true },
      uses: { tables: { notifications: 'read' }, jwtSecret: true },
    },
    {
      name: 'mark-read',
      entry: 'src/handlers/mark-read.ts',
      operationType: 'MARK_NOTIFICATIONS_READ',
      trigger: { type: 'api', method: 'POST', path: '/notifications/read', auth: true },
      uses: { tables: { notifications: 'readwrite' }, jwtSecret: true },
    },
  ],
});
