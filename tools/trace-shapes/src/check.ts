import {
  checkBudgets,
  diffShapes,
  type AnnotationReaders,
  type BudgetFinding,
  type OperationShape,
  type ShapeChange,
} from '@traced-social/trace-shapes';

export interface ShapeCheck {
  changes: ShapeChange[];
  budget: BudgetFinding[];
  /** The check fails: shapes changed, or the budget is exceeded. */
  failed: boolean;
}

/** Compares recorded shapes with the checked-in ones and checks the budgets of the current ones. */
export function checkShapes(
  checkedIn: ReadonlyMap<string, OperationShape>,
  current: ReadonlyMap<string, OperationShape>,
  readers: AnnotationReaders,
): ShapeCheck {
  const changes = diffShapes(checkedIn, current, readers);
  const budget = [...current.values()].flatMap(checkBudgets);
  return {
    changes,
    budget,
    failed: changes.length > 0 || budget.some((f) => f.level === 'error'),
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
  for (const finding of check.budget) {
    lines.push(`${finding.level === 'error' ? 'Error' : 'Warning'}: ${finding.message}`);
  }
  return lines.join('\n');
}
