/**
 * Reference point: Powertools Tracer used directly (its documented manual instrumentation), with
 * the same handler subsegment, annotations and five subsegments as the product's wrapper, none of
 * the conventions. The one place outside libs/observability that imports Powertools, on purpose:
 * it is what the library's cost is measured against.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { createClient, runStep, STEP_NAMES, type BenchEvent } from '../workload';

const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME });
const client = tracer.captureAWSv3Client(createClient());

export async function handler(
  event: BenchEvent,
  _context: Context,
): Promise<{ statusCode: number }> {
  const segment = tracer.getSegment();
  if (!segment) throw new Error('no X-Ray segment: is the Lambda environment set?');
  const handlerSegment = segment.addNewSubsegment(`## ${process.env._HANDLER}`);
  tracer.setSegment(handlerSegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  tracer.putAnnotation('operationType', 'CREATE_POST');
  try {
    for (let i = 0; i < STEP_NAMES.length; i++) {
      const step = handlerSegment.addNewSubsegment(STEP_NAMES[i]);
      tracer.setSegment(step);
      try {
        await runStep(i, event, client);
      } catch (error) {
        step.addError(error as Error);
        throw error;
      } finally {
        step.close();
        tracer.setSegment(handlerSegment);
      }
    }
    return { statusCode: 201 };
  } finally {
    handlerSegment.close();
    tracer.setSegment(segment);
  }
}
