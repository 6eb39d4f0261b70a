import { QueryDefinition, QueryString, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PRODUCT } from '../config/names';

/**
 * The seed's three CloudWatch Logs Insights queries, made valid against what the functions
 * actually log: Powertools Logger's JSON lines (`level`, `service`, `message`, `error.message`,
 * appended keys such as `operationType` and `cacheHit`) and Lambda's REPORT lines (`@duration`).
 * X-Ray annotations are not in the logs, so `annotation.operationType` becomes the logged
 * `operationType` key and `annotation.cache.hit` the logged `cacheHit` key.
 */
export function logQueries(service: string): Record<string, QueryString> {
  return {
    'slowest-operations': new QueryString({
      fields: ['@timestamp', '@duration', '@initDuration', '@log', '@requestId'],
      filterStatements: ['@type = "REPORT"'],
      sort: '@duration desc',
      limit: 20,
    }),
    'cache-hit-rate': new QueryString({
      fields: ['operationType', 'cacheHit'],
      filterStatements: [`service = "${service}"`, 'ispresent(cacheHit)'],
      statsStatements: ['count(*) as lookups by operationType, cacheHit'],
    }),
    'error-rate-by-operation': new QueryString({
      fields: ['@timestamp', 'error.message', 'operationType'],
      filterStatements: [`service = "${service}"`, 'level = "ERROR"'],
      statsStatements: ['count(*) as errors by operationType'],
    }),
  };
}

/** Saves the queries in the console's query library, under `traced-social/<stage>/<app>/`. */
export function createLogQueries(
  scope: Construct,
  stage: string,
  app: string,
  service: string,
  logGroups: ILogGroup[],
): QueryDefinition[] {
  return Object.entries(logQueries(service)).map(
    ([name, queryString]) =>
      new QueryDefinition(scope, `Query:${name}`, {
        queryDefinitionName: `${PRODUCT}/${stage}/${app}/${name}`,
        queryString,
        logGroups,
      }),
  );
}
