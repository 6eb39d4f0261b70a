import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'feed',
  service: 'feed',
  functions: [
    {
      name: 'fan-out-events',
      entry: 'src/handlers/fan-out-events.ts',
      operationType: 'FAN_OUT_FEED',
      // Poison records fail the invocation: bisecting isolates them before they are dead-lettered.
      // Five subsegments per record (one page of followers) in its producer's trace: 8 records
      // keep all of them inside the consumer invocation's budget of 49 (decision 0700).
      trigger: {
        type: 'kinesis',
        stream: 'events',
        batchSize: 8,
        startingPosition: 'TRIM_HORIZON',
        maxRetries: 8,
        bisectBatchOnError: true,
      },
      uses: { tables: { feeds: 'readwrite', follows: 'read' }, redis: true },
      timeoutSeconds: 60,
    },
    {
      // Continues fan-outs that the consumer left at a checkpoint, a bounded step at a time
      // (decision 1420). One run spends at most 40 s, so runs a minute apart do not overlap.
      name: 'resume-fan-out',
      entry: 'src/handlers/resume-fan-out.ts',
      operationType: 'RESUME_FAN_OUT',
      trigger: { type: 'schedule', expression: 'rate(1 minute)' },
      uses: { tables: { feeds: 'readwrite', follows: 'read' }, redis: true },
      timeoutSeconds: 60,
    },
    {
      name: 'get-feed',
      entry: 'src/handlers/get-feed.ts',
      operationType: 'GET_FEED',
      trigger: { type: 'api', method: 'GET', path: '/feed', auth: true },
      // follows: which pull authors (decision 1420) the reader follows.
      uses: { tables: { feeds: 'read', follows: 'read' }, redis: true, jwtSecret: true },
    },
  ],
});
