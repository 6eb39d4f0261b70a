import type { AppManifest } from '@traced-social/manifest';
import { xrayName } from './names';

/** An X-Ray group in X-Ray API terms (CreateGroup's `GroupName`, `FilterExpression`). */
export interface GroupDefinition {
  /** The name without the stage (`errors`, `app-posts`, `op-CREATE_POST`): a stable id. */
  key: string;
  GroupName: string;
  FilterExpression: string;
}

/**
 * The seed's "Monitoring Queries" as X-Ray filter expressions, fixed where the seed is wrong:
 * `responsetime` is in seconds (the seed's `responseTime > 1000` meant one second) and the
 * cache annotation is `cacheHit` (`cache.hit` is not an indexable annotation key).
 * A per-user query (`annotation.userId = "..."`) is ad hoc, not a group: see the README.
 */
export const monitoringQueries = {
  'slow-requests': 'responsetime > 1',
  errors: 'error = true OR fault = true',
  'cache-misses': 'annotation.cacheHit = false',
} as const;

/** The group of one operation type (the `operationType` annotation every handler sets). */
export const operationTypeQuery = (operationType: string): string =>
  `annotation.operationType = "${operationType}"`;

/** The group of one app: Powertools annotates every trace with its `Service`. */
export const serviceQuery = (service: string): string => `annotation.Service = "${service}"`;

/**
 * Operation types with a group of their own: the product's critical and high-traffic flows.
 * Not every operation: an account has 25 groups per region; any other operation is one search
 * away (`annotation.operationType = "..."`).
 */
export const KEY_OPERATION_TYPES: readonly string[] = [
  'CREATE_POST',
  'GET_FEED',
  'LIKE_POST',
  'LOGIN',
];

/**
 * An expression limited to one stage's traces: every handler segment carries the `stage`
 * annotation (libs/observability, from `STAGE`), and stages may share an account (decision 1621).
 */
export const stageScoped = (stage: string, expression: string): string =>
  `annotation.stage = "${stage}" AND (${expression})`;

/** The groups of the whole stage (the shared stack creates them). */
export function stageGroups(stage: string): GroupDefinition[] {
  return Object.entries(monitoringQueries).map(([name, expression]) => ({
    key: name,
    GroupName: xrayName(stage, name),
    FilterExpression: stageScoped(stage, expression),
  }));
}

/** The groups of one app (its stack creates them): the app's, then its key operations'. */
export function appGroups(stage: string, manifest: AppManifest): GroupDefinition[] {
  const groups: GroupDefinition[] = [
    {
      key: `app-${manifest.app}`,
      GroupName: xrayName(stage, 'app', manifest.app),
      FilterExpression: stageScoped(stage, serviceQuery(manifest.service)),
    },
  ];
  for (const operationType of new Set(manifest.functions.map((fn) => fn.operationType))) {
    if (!KEY_OPERATION_TYPES.includes(operationType)) continue;
    groups.push({
      key: `op-${operationType}`,
      GroupName: xrayName(stage, 'op', operationType),
      FilterExpression: stageScoped(stage, operationTypeQuery(operationType)),
    });
  }
  return groups;
}
