import { FilterSyntaxError, type FilterNode } from '../filter/ast';
import { parseFilterExpression } from '../filter/parser';
import type { GroupStore } from '../groups/group-store';
import { resolveGroups } from '../groups/resolve-groups';
import { controlPlane } from './control-plane';
import { invalidRequest } from './http-api';

/**
 * A request's filter expression, parsed and with group references resolved; a syntax error is
 * X-Ray's InvalidRequestException with the position.
 */
export function queryFilter(
  expression: unknown,
  groups: GroupStore,
  field = 'FilterExpression',
): FilterNode | undefined {
  if (expression === undefined || expression === null) return undefined;
  if (typeof expression !== 'string') {
    throw invalidRequest(`${field} must be a string`);
  }
  if (!expression.trim()) return undefined;
  let tree: FilterNode;
  try {
    tree = parseFilterExpression(expression);
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw invalidRequest(error.message, {
        Position: error.position,
      });
    }
    throw error;
  }
  return controlPlane(() => resolveGroups(tree, groups));
}

/** The expression of the group a request names by `GroupName` or `GroupARN` (none: all traces). */
export function requestedGroupFilter(
  body: Record<string, unknown>,
  groups: GroupStore,
): FilterNode | undefined {
  const key = body.GroupARN ?? body.GroupName;
  if (key === undefined || key === null) return undefined;
  if (typeof key !== 'string') {
    throw invalidRequest('GroupName must be a string');
  }
  const filter = controlPlane(() => groups.filterOf(key));
  return filter && controlPlane(() => resolveGroups(filter, groups));
}
