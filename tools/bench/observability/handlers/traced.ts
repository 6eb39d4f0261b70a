import { captureAwsClient, tracedOperation, withTracing } from '@traced-social/observability';
import { createClient, runStep, STEP_NAMES, type BenchEvent } from '../workload';

/** The product's way: the wrapper, five traced operations, a captured client. */
const client = captureAwsClient(createClient());

export const handler = withTracing(
  async (event: BenchEvent) => {
    for (let i = 0; i < STEP_NAMES.length; i++) {
      await tracedOperation(STEP_NAMES[i], () => runStep(i, event, client));
    }
    return { statusCode: 201 };
  },
  { operationType: 'CREATE_POST' },
);
