import { AsyncLocalStorage } from 'node:async_hooks';
import type { AnnotationValue } from '@traced-social/trace-model';

/** Per-invocation bookkeeping of the budgets (subsegments, annotations). */
export interface InvocationState {
  subsegmentsOpened: number;
  subsegmentsDropped: number;
  annotationsWritten: number;
  /** Annotations past the budget, kept as metadata so nothing is lost. */
  annotationsDropped: Record<string, AnnotationValue>;
}

const storage = new AsyncLocalStorage<InvocationState>();

export function runInInvocation<T>(fn: (state: InvocationState) => T): T {
  const state: InvocationState = {
    subsegmentsOpened: 0,
    subsegmentsDropped: 0,
    annotationsWritten: 0,
    annotationsDropped: {},
  };
  return storage.run(state, fn, state);
}

/** The state of the invocation running in this async context, if any. */
export function currentInvocation(): InvocationState | undefined {
  return storage.getStore();
}
