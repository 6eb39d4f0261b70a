import type { Context } from 'aws-lambda';
import { createClient, runStep, STEP_NAMES, type BenchEvent } from '../workload';

/** Baseline: the workload with no tracing at all. */
const client = createClient();

export async function handler(
  event: BenchEvent,
  _context: Context,
): Promise<{ statusCode: number }> {
  for (let i = 0; i < STEP_NAMES.length; i++) await runStep(i, event, client);
  return { statusCode: 201 };
}
