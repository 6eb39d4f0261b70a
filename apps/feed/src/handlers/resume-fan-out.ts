import type { Context } from 'aws-lambda';
import { timeBudget } from '@traced-social/events';
import { addMetadata, withTracing } from '@traced-social/observability';
import { fanOutLimits } from '../domain/fan-out-limits';
import { resumeFanOuts } from '../services/fan-out-steps';

/** Time this run may spend; the schedule starts the next one a minute later (decision 1420). */
export const RESUME_BUDGET_MS = 40_000;
/** Kept back from the invocation's remaining time, to finish the step in flight. */
const SAFETY_MARGIN_MS = 10_000;

/**
 * Scheduled (every minute): continues the fan-outs (deliveries and withdrawals) that one
 * invocation of the consumer did not finish, from their checkpoints, a bounded step at a time.
 */
export const handler = withTracing(
  async (_event: unknown, context?: Context) => {
    const remaining = timeBudget(RESUME_BUDGET_MS, SAFETY_MARGIN_MS, context);
    const report = await resumeFanOuts(fanOutLimits(), remaining);
    addMetadata('resume', report);
    return report;
  },
  { operationType: 'RESUME_FAN_OUT' },
);
