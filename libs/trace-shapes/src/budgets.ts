import { SUBSEGMENT_BUDGET } from '@traced-social/observability/conventions';
import { describeMeasure } from './diff';
import type { OperationShape } from './shape';

/** Past this many custom subsegments an operation is close enough to the budget to say so. */
export const SUBSEGMENT_WARNING = 40;

export interface BudgetFinding {
  level: 'error' | 'warning';
  operation: string;
  message: string;
}

/**
 * The subsegment budget (the library's, at most {@link SUBSEGMENT_BUDGET} per invocation: past it
 * operations run untraced) with a warning from {@link SUBSEGMENT_WARNING}; a count that grows with
 * the data will pass it some day, so it is reported too; and AWS calls outside any traced
 * operation (they show in X-Ray under the bare handler, with no name saying why they ran).
 */
export function checkBudgets(shape: OperationShape): BudgetFinding[] {
  const op = shape.operation;
  const findings: BudgetFinding[] = [];
  const most = Math.max(0, ...shape.subsegments.counts);
  if (most > SUBSEGMENT_BUDGET) {
    findings.push({
      level: 'error',
      operation: op,
      message: `${op}: ${most} subsegments, over the budget of ${SUBSEGMENT_BUDGET} (operations past it run untraced)`,
    });
  } else if (most >= SUBSEGMENT_WARNING) {
    findings.push({
      level: 'warning',
      operation: op,
      message: `${op}: ${most} subsegments, close to the budget of ${SUBSEGMENT_BUDGET} (warning from ${SUBSEGMENT_WARNING})`,
    });
  }
  if (shape.subsegments.growth === 'per-item' || shape.subsegments.growth === 'sublinear') {
    findings.push({
      level: 'warning',
      operation: op,
      message: `${op}: subsegments grow ${describeMeasure(shape.subsegments, shape.sizeUnit)}: large data will reach the budget of ${SUBSEGMENT_BUDGET}`,
    });
  }
  for (const call of shape.calls.filter((c) => c.untraced)) {
    findings.push({
      level: 'warning',
      operation: op,
      message: `${op}: ${[call.service, call.operation, call.resource].filter(Boolean).join(' ')} called outside any traced operation`,
    });
  }
  return findings;
}
