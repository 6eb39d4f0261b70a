import { defineApp } from '@traced-social/manifest';

/**
 * The ops app: functions that operate the product rather than serve users. The sampling
 * controller raises a sampling rule's rate while its requests fail and brings it back after
 * (docs/decisions/1500, 1501). The local cloud runs it every minute; the CDK stack deploys it
 * with permission to update only its stage's sampling rules.
 */
export const manifest = defineApp({
  app: 'ops',
  service: 'ops',
  functions: [
    {
      name: 'sampling-controller',
      entry: 'src/handlers/sampling-controller.ts',
      operationType: 'ADJUST_SAMPLING',
      trigger: { type: 'schedule', expression: 'rate(1 minute)' },
      uses: { xraySampling: true },
      timeoutSeconds: 30,
    },
  ],
});
