import {
  checkBudgets,
  diffShapes,
  type AnnotationReaders,
  type BudgetFinding,
  type OperationShape,
  type ShapeChange,
  unwrittenReads,
} from '@traced-social/trace-shapes';

export interface ShapeCheck {
  changes: ShapeChange[];
  budget: BudgetFinding[];
  /** Monitoring that reads an annotation no recorded operation writes. */
  unread: string[];
  /** The check fails: shapes changed, the budget is exceeded, or monitoring reads nothing. */
  failed: boolean;
}

/**
 * Compares an app's recorded shapes with its checked-in ones, checks their budgets, and checks
 * that every annotation monitoring reads is still written by some operation (`otherApps`: the
 * checked-in shapes of the other apps).
 */
export function checkShapes(
  checkedIn: ReadonlyMap<string, OperationShape>,
  current: ReadonlyMap<string, OperationShape>,
  readers: AnnotationReaders,
  otherApps: readonly OperationShape[] = [],
): ShapeCheck {
  const changes = diffShapes(checkedIn, current, readers);
  const budget = [...current.values()].flatMap(checkBudgets);
  const unread = unwrittenReads(readers, [...current.values(), ...otherApps]);
  return {
    changes,
    budget,
    unread,
    failed: changes.length > 0 || unread.length > 0 || budget.some((f) => f.level === 'error'),
  };
}

/** The report a developer reads when the target fails (and the warnings when it passes). */
export function renderCheck(app: string, check: ShapeCheck): string {
  const lines: string[] = [];
  if (check.changes.length) {
    lines.push(`Trace shapes of ${app} changed (apps/${app}/trace-shapes/):`);
    for (const change of check.changes) lines.push(`  - ${change.message}`);
    const broken = check.changes.filter((c) => c.breaks?.length);
    if (broken.length) {
      lines.push(
        '  Annotations that monitoring reads are gone: fix the code, or change the readers too.',
      );
    }
    lines.push(
      `If the change is intended, accept it (the files show it in review): npx nx run ${app}:trace-shapes --update`,
    );
  }
  for (const problem of check.unread) lines.push(`Error: ${problem}`);
  for (const finding of check.budget) {
    lines.push(`${finding.level === 'error' ? 'Error' : 'Warning'}: ${finding.message}`);
  }
  return lines.join('\n');
}
