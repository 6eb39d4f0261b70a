import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { TracingBackend } from '../config/app-settings';

/** What a tracing backend adds to a function: environment and IAM beyond Lambda's own. */
export interface TracingBackendWiring {
  environment: Record<string, string>;
  statements: PolicyStatement[];
}

/**
 * The one place where the tracing backend changes a function's deployment.
 * `xray`: Lambda active tracing sends the function segments and runs the daemon the SDK talks to;
 * `tracing: ACTIVE` already grants xray:PutTraceSegments and xray:PutTelemetryRecords.
 * `otel` (issue 9): the OTLP exporter's endpoint and SigV4 settings, and the IAM permission of
 * X-Ray's OTLP endpoint go here, once the observability lib has the adapter.
 */
export function tracingBackendWiring(backend: TracingBackend): TracingBackendWiring {
  switch (backend) {
    case 'xray':
      return { environment: { TRACING_BACKEND: 'xray' }, statements: [] };
    case 'otel':
      throw new Error(
        'tracingBackend "otel" is not wired in the CDK stacks yet (issue 9): ' +
          'add its exporter environment and IAM in infra/src/app-stack/tracing-backend.ts',
      );
  }
}
