import type { FilterNode } from '../filter/ast';
import { ControlPlaneError } from '../sampling/sampling-errors';
import type { GroupStore } from './group-store';

/** Groups naming groups: deeper than this is taken for a cycle. */
const MAX_DEPTH = 8;

/**
 * Replaces each `group.name = "..."` / `group.arn = "..."` by that group's expression (the
 * Default group: every trace), so that evaluation needs no group lookups. An unknown group is a
 * 400, as in X-Ray.
 */
export function resolveGroups(tree: FilterNode, groups: GroupStore, depth = 0): FilterNode {
  switch (tree.kind) {
    case 'and':
    case 'or':
      return {
        ...tree,
        left: resolveGroups(tree.left, groups, depth),
        right: resolveGroups(tree.right, groups, depth),
      };
    case 'not':
      return { ...tree, operand: resolveGroups(tree.operand, groups, depth) };
    case 'group': {
      if (depth >= MAX_DEPTH) {
        throw new ControlPlaneError(
          'InvalidRequestException',
          `Groups refer to each other in a cycle (through ${tree.value})`,
        );
      }
      const filter = groups.filterOf(tree.value);
      // The Default group has no expression: `ok OR NOT ok` holds for every trace.
      const always: FilterNode = {
        kind: 'or',
        left: { kind: 'boolean', keyword: 'ok', expected: true },
        right: { kind: 'boolean', keyword: 'ok', expected: false },
      };
      return filter ? resolveGroups(filter, groups, depth + 1) : always;
    }
    default:
      return tree;
  }
}
