import type { Scenario } from '../scenario';

/**
 * ops: the sampling controller, invoked as its schedule would (schedules are off while
 * recording). It reads the stage's sampling rules and their statistics whatever the data size.
 */
export const opsScenario: Scenario = {
  app: 'ops',
  apps: ['ops'],
  sizeUnits: { default: 'rule' },
  async run({ session, measure }) {
    await measure(async () => {
      const outcome = await session.cloud.invoke('ops-sampling-controller', {});
      if (!outcome.ok)
        throw new Error(`sampling-controller failed: ${JSON.stringify(outcome.error)}`);
    });
  },
};
