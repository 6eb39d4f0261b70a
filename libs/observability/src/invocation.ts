import type { AnnotationValue } from '@traced-social/trace-model';

/** Per-invocation bookkeeping of the budgets (subsegments, annotations). */
export interface InvocationState {
  subsegmentsOpened: number;
  subsegmentsDropped: number;
  annotationsWritten: number;
  /** Annotations past the budget, kept as metadata so nothing is lost. */
  annotationsDropped: Record<string, AnnotationValue>;
}

/**
 * The invocation in progress. Module state, not AsyncLocalStorage: a Lambda instance runs one
 * invocation at a time (the X-Ray SDK's Lambda mode assumes the same), and another async hook
 * would tax every promise of the handler; the bench measured it at ~10 % of the tracing cost.
 * Work a handler leaves running after it returns counts against the next invocation's budgets.
 */
let current: InvocationState | undefined;

export function runInInvocation<T>(fn: (state: InvocationState) => T): T {
  current = {
    subsegmentsOpened: 0,
    subsegmentsDropped: 0,
    annotationsWritten: 0,
    annotationsDropped: {},
  };
  return fn(current);
}

/** The state of the invocation in progress, if any. */
export function currentInvocation(): InvocationState | undefined {
  return current;
}
