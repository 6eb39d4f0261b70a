import type { CallShape, Measure, OperationShape, ShapeNode } from './shape';

/**
 * A shape as its checked-in file: keys in a fixed order, lists already sorted by derivation,
 * two-space indentation and a final newline, so the same behaviour always gives the same bytes.
 */
export function shapeToJson(shape: OperationShape): string {
  const measure = (m: Measure) => ({ growth: m.growth, counts: m.counts });
  const node = (n: ShapeNode): unknown =>
    n.children.length ? { name: n.name, children: n.children.map(node) } : { name: n.name };
  const call = (c: CallShape) => ({
    service: c.service,
    operation: c.operation,
    resource: c.resource,
    ...measure(c),
    within: c.within,
    ...(c.untraced ? { untraced: true } : {}),
  });
  const ordered = {
    operation: shape.operation,
    app: shape.app,
    sizeUnit: shape.sizeUnit,
    sizes: shape.sizes,
    annotations: shape.annotations,
    subsegments: measure(shape.subsegments),
    calls: shape.calls.map(call),
    tree: node(shape.tree),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Reads a checked-in shape file back (fields a file leaves out take their empty values). */
export function shapeFromJson(text: string): OperationShape {
  const raw = JSON.parse(text) as Partial<OperationShape> & {
    calls?: Array<Partial<CallShape>>;
  };
  if (typeof raw.operation !== 'string' || !raw.tree || !raw.subsegments) {
    throw new Error('not a trace shape: operation, tree and subsegments are required');
  }
  const node = (n: Partial<ShapeNode>): ShapeNode => ({
    name: String(n.name),
    children: (n.children ?? []).map(node),
  });
  return {
    operation: raw.operation,
    app: raw.app ?? '',
    sizeUnit: raw.sizeUnit ?? 'item',
    sizes: raw.sizes ?? [],
    annotations: raw.annotations ?? [],
    subsegments: raw.subsegments,
    calls: (raw.calls ?? []).map((c) => ({
      service: c.service ?? '',
      operation: c.operation ?? '',
      resource: c.resource ?? '',
      growth: c.growth ?? 'constant',
      counts: c.counts ?? [],
      within: c.within ?? [],
      untraced: c.untraced ?? false,
    })),
    tree: node(raw.tree),
  };
}
