import type { RuleProblem } from './sampling-rule';

/** A refused rule or group change, with X-Ray's error type; the API answers it as a 400. */
export class ControlPlaneError extends Error {
  constructor(
    readonly type: 'InvalidRequestException' | 'RuleLimitExceededException',
    message: string,
    readonly problems: RuleProblem[] = [],
  ) {
    super(message);
    this.name = 'ControlPlaneError';
  }
}

export function invalid(problems: RuleProblem[]): ControlPlaneError {
  return new ControlPlaneError(
    'InvalidRequestException',
    problems.map((p) => p.message).join('; '),
    problems,
  );
}
