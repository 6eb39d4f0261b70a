import {
  findNodes,
  namePaths,
  renderTraceTree,
  walkTrace,
  type AnnotationValue,
  type SegmentDocument,
  type TraceNode,
} from '@traced-social/trace-model';

/** Assertions over an emitted trace tree; a failure shows the whole tree. */
export interface TraceExpectation {
  readonly tree: TraceNode[];
  /** Every node's path of names, `A > B > C`, depth first. */
  paths(): string[];
  /** Fails unless some node's path ends with `names` (consecutive parent → child names). */
  toHavePath(...names: string[]): TraceExpectation;
  /** Fails if any node's path ends with `names`. */
  notToHavePath(...names: string[]): TraceExpectation;
  /** The single node named `name` (fails when absent or ambiguous). */
  node(name: string): NodeExpectation;
  /** Every node named `name`. */
  nodes(name: string): NodeExpectation[];
  /** Fails if any (sub)segment is still in progress. */
  toBeComplete(): TraceExpectation;
  /** The rendered tree, for failure messages and debugging. */
  render(): string;
}

export interface NodeExpectation {
  readonly document: SegmentDocument;
  readonly node: TraceNode;
  /** Names of the direct children, in start order. */
  childNames(): string[];
  toHaveAnnotation(key: string, value?: AnnotationValue): NodeExpectation;
  notToHaveAnnotation(key: string): NodeExpectation;
  /** Metadata under the node's namespace (the service name by default, any namespace when omitted). */
  metadata(key: string, namespace?: string): unknown;
  toHaveMetadata(key: string, namespace?: string): NodeExpectation;
  toBeFault(): NodeExpectation;
  toBeError(): NodeExpectation;
  toBeOk(): NodeExpectation;
  /** The exception recorded on the node matches type (and message text if given). */
  toHaveException(type: string, messageIncludes?: string): NodeExpectation;
  toBeClosed(): NodeExpectation;
}

export class TraceAssertionError extends Error {
  override readonly name = 'TraceAssertionError';
}

export function expectTrace(tree: TraceNode[]): TraceExpectation {
  const render = (): string => renderTraceTree(tree);
  const fail = (message: string): never => {
    throw new TraceAssertionError(`${message}\n\ntrace:\n${render()}`);
  };
  const hasPath = (names: string[]): boolean =>
    namePaths(tree).some((p) => p === names.join(' > ') || p.endsWith(` > ${names.join(' > ')}`));

  const expectation: TraceExpectation = {
    tree,
    paths: () => namePaths(tree),
    toHavePath(...names) {
      if (!hasPath(names)) fail(`expected a path ending with "${names.join(' > ')}"`);
      return expectation;
    },
    notToHavePath(...names) {
      if (hasPath(names)) fail(`expected no path ending with "${names.join(' > ')}"`);
      return expectation;
    },
    node(name) {
      const found = findNodes(tree, (n) => n.document.name === name);
      if (found.length !== 1)
        fail(`expected exactly one node named "${name}", found ${found.length}`);
      return nodeExpectation(found[0], fail);
    },
    nodes: (name) =>
      findNodes(tree, (n) => n.document.name === name).map((n) => nodeExpectation(n, fail)),
    toBeComplete() {
      walkTrace(tree, (n) => {
        if (n.document.in_progress || n.document.end_time === undefined) {
          fail(`"${n.document.name}" is still in progress`);
        }
      });
      return expectation;
    },
    render,
  };
  return expectation;
}

function nodeExpectation(node: TraceNode, fail: (message: string) => never): NodeExpectation {
  const doc = node.document;
  const label = `"${doc.name}"`;
  const metadataOf = (key: string, namespace?: string): unknown => {
    const spaces = doc.metadata ?? {};
    if (namespace) return spaces[namespace]?.[key];
    for (const space of Object.values(spaces)) if (key in space) return space[key];
    return undefined;
  };
  const exp: NodeExpectation = {
    document: doc,
    node,
    childNames: () => node.children.map((c) => c.document.name),
    toHaveAnnotation(key, value) {
      const annotations = doc.annotations ?? {};
      if (!(key in annotations)) fail(`expected ${label} to have annotation ${key}`);
      if (value !== undefined && annotations[key] !== value) {
        fail(
          `expected ${label} annotation ${key}=${JSON.stringify(value)}, got ${JSON.stringify(annotations[key])}`,
        );
      }
      return exp;
    },
    notToHaveAnnotation(key) {
      if (doc.annotations && key in doc.annotations)
        fail(`expected ${label} to have no annotation ${key}`);
      return exp;
    },
    metadata: metadataOf,
    toHaveMetadata(key, namespace) {
      if (metadataOf(key, namespace) === undefined)
        fail(`expected ${label} to have metadata ${key}`);
      return exp;
    },
    toBeFault() {
      if (!doc.fault) fail(`expected ${label} to be a fault`);
      return exp;
    },
    toBeError() {
      if (!doc.error) fail(`expected ${label} to be an error`);
      return exp;
    },
    toBeOk() {
      if (doc.fault || doc.error || doc.throttle)
        fail(`expected ${label} to have no fault/error/throttle flag`);
      return exp;
    },
    toHaveException(type, messageIncludes) {
      const exceptions = typeof doc.cause === 'object' ? (doc.cause.exceptions ?? []) : [];
      const match = exceptions.find(
        (e) =>
          e.type === type &&
          (messageIncludes === undefined || (e.message ?? '').includes(messageIncludes)),
      );
      if (!match) {
        fail(
          `expected ${label} to record exception ${type}${messageIncludes ? ` ("${messageIncludes}")` : ''}, got ${JSON.stringify(exceptions.map((e) => `${e.type}: ${e.message}`))}`,
        );
      }
      return exp;
    },
    toBeClosed() {
      if (doc.in_progress || doc.end_time === undefined) fail(`expected ${label} to be closed`);
      return exp;
    },
  };
  return exp;
}
