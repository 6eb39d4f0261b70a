import { readersOf, type AnnotationReaders } from './annotation-readers';
import { compare } from './observe';
import { joinWords } from './words';
import {
  callKey,
  type CallShape,
  type Measure,
  type OperationShape,
  type ShapeNode,
} from './shape';

/**
 * One difference between a recorded shape and the current one, as a reviewer reads it:
 * `CREATE_POST: DynamoDB GetItem users now per follower (was once per request)`.
 * `breaks` lists what reads a lost annotation (X-Ray groups, alarms): those fail the check even
 * when the shape is accepted without looking.
 */
export interface ShapeChange {
  operation: string;
  message: string;
  breaks?: string[];
}

/** How a count grows, in words: `once per request`, `3 times per request`, `per follower`. */
export function describeMeasure(measure: Measure, unit: string): string {
  switch (measure.growth) {
    case 'constant': {
      const n = measure.counts[0] ?? 0;
      return n === 1 ? 'once per request' : `${n} times per request`;
    }
    case 'per-item':
      return `per ${unit}`;
    case 'sublinear':
      return `growing with the ${unit}s (${measure.counts.join(' → ')})`;
    case 'irregular':
      return `irregular (${measure.counts.join(' → ')})`;
  }
}

const sameMeasure = (a: Measure, b: Measure): boolean =>
  a.growth === b.growth && (a.growth !== 'constant' || a.counts[0] === b.counts[0]);

const callName = (call: CallShape): string =>
  [call.service, call.operation, call.resource].filter(Boolean).join(' ');

/** Every difference between the recorded shapes and the current ones, operation by operation. */
export function diffShapes(
  recorded: ReadonlyMap<string, OperationShape>,
  current: ReadonlyMap<string, OperationShape>,
  readers: AnnotationReaders = new Map(),
): ShapeChange[] {
  const operations = [...new Set([...recorded.keys(), ...current.keys()])].sort(compare);
  return operations.flatMap((operation) => {
    const before = recorded.get(operation);
    const after = current.get(operation);
    if (!before) return [{ operation, message: `${operation}: new operation, no recorded shape` }];
    if (!after)
      return [{ operation, message: `${operation}: no longer recorded (recorded shape kept)` }];
    return diffOperation(before, after, readers);
  });
}

function diffOperation(
  before: OperationShape,
  after: OperationShape,
  readers: AnnotationReaders,
): ShapeChange[] {
  const op = before.operation;
  const unit = after.sizeUnit;
  const changes: ShapeChange[] = [];
  const say = (message: string, breaks?: string[]) =>
    changes.push({ operation: op, message: `${op}: ${message}`, ...(breaks ? { breaks } : {}) });

  for (const key of before.annotations.filter((k) => !after.annotations.includes(k))) {
    const users = readersOf(readers, key, before);
    say(
      `annotation ${key} no longer written${users.length ? `; used by ${joinWords(users)}` : ''}`,
      users.length ? users : undefined,
    );
  }
  for (const key of after.annotations.filter((k) => !before.annotations.includes(k))) {
    say(`annotation ${key} now written`);
  }

  const beforeCalls = new Map(before.calls.map((c) => [callKey(c), c]));
  const afterCalls = new Map(after.calls.map((c) => [callKey(c), c]));
  for (const [key, call] of afterCalls) {
    const was = beforeCalls.get(key);
    if (!was) {
      say(`new call ${callName(call)} ${describeMeasure(call, unit)}${whereText(call)}`);
      continue;
    }
    if (!sameMeasure(was, call)) {
      say(
        `${callName(call)} now ${describeMeasure(call, unit)} (was ${describeMeasure(was, unit)})`,
      );
    }
    if (call.untraced && !was.untraced) {
      say(`${callName(call)} now called outside any traced operation`);
    }
  }
  for (const [key, call] of beforeCalls) {
    if (!afterCalls.has(key)) say(`${callName(call)} no longer called`);
  }

  const beforePaths = nodePaths(before.tree);
  const afterPaths = nodePaths(after.tree);
  for (const path of afterPaths.filter((p) => !beforePaths.includes(p))) {
    say(`new subsegment ${path}`);
  }
  for (const path of beforePaths.filter((p) => !afterPaths.includes(p))) {
    say(`subsegment ${path} no longer written`);
  }
  if (!sameMeasure(before.subsegments, after.subsegments)) {
    say(
      `subsegments ${describeCount(after.subsegments, unit)} (was ${describeCount(before.subsegments, unit)})`,
    );
  }
  return changes;
}

function describeCount(measure: Measure, unit: string): string {
  if (measure.growth === 'constant') return `${measure.counts[0]} per request`;
  return `${describeMeasure(measure, unit)}, up to ${Math.max(...measure.counts)}`;
}

function whereText(call: CallShape): string {
  if (call.untraced) return ' outside any traced operation';
  return call.within.length ? ` in ${call.within.join(', ')}` : '';
}

/** `A > B > C` for every node below the root (the root is the handler subsegment). */
export function nodePaths(tree: ShapeNode): string[] {
  const paths: string[] = [];
  const go = (node: ShapeNode, prefix: string[]) => {
    for (const child of node.children) {
      const path = [...prefix, child.name];
      paths.push(path.join(' > '));
      go(child, path);
    }
  };
  go(tree, []);
  return paths;
}
