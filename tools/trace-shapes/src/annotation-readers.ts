import { join } from 'node:path';
import { discoverApps } from '@traced-social/local-cloud';
import { ANNOTATION_KEYS } from '@traced-social/observability/conventions';
import {
  annotationReaders,
  type AnnotationReader,
  type AnnotationReaders,
} from '@traced-social/trace-shapes';
import { SAMPLING_RATES, stageXrayPlan, type SamplingProfile } from '@traced-social/xray-config';
// The stacks' own definitions, read as they are (the monitoring is infra's): a tool may read them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { appDashboard, overviewDashboard } from '../../../infra/src/dashboards/grafana-dashboards';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { cacheMetricNames } from '../../../infra/src/monitoring/dashboard';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { logQueries } from '../../../infra/src/monitoring/log-queries';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/**
 * Metrics written together with an annotation: `recordCacheLookup` (libs/observability's
 * domain helpers) annotates `cacheHit` and counts `CacheHit`/`CacheMiss`, so a widget on those
 * metrics goes empty when the lookup stops being recorded.
 */
const METRIC_ANNOTATIONS: Readonly<Record<string, string>> = {
  [cacheMetricNames.hit]: 'cacheHit',
  [cacheMetricNames.miss]: 'cacheHit',
};

/** The parts of a Grafana dashboard's JSON that can read annotations. */
interface GrafanaPanel {
  title?: string;
  targets?: Array<Record<string, unknown>>;
  panels?: GrafanaPanel[];
}

/**
 * Each panel of a Grafana dashboard that reads annotations: an X-Ray query's filter expression,
 * or a metric written together with an annotation.
 */
function grafanaReaders(built: object): AnnotationReader[] {
  // Read as the JSON Grafana is given (`nx run infra:dashboards` writes the same).
  const dashboard = JSON.parse(JSON.stringify(built)) as {
    title?: string;
    panels?: GrafanaPanel[];
  };
  const readers: AnnotationReader[] = [];
  const visit = (panel: GrafanaPanel) => {
    const name = `Grafana panel "${panel.title ?? ''}" (${dashboard.title ?? 'dashboard'})`;
    for (const target of panel.targets ?? []) {
      for (const value of Object.values(target)) {
        if (typeof value === 'string' && value.includes('annotation.')) {
          readers.push({ name, filterExpression: value });
        }
      }
      const annotation = METRIC_ANNOTATIONS[String(target.metricName)];
      if (annotation) readers.push({ name, keys: [annotation] });
    }
    (panel.panels ?? []).forEach(visit);
  };
  (dashboard.panels ?? []).forEach(visit);
  return readers;
}

/** Keys a Logs Insights query names (the logger appends annotation keys such as `operationType`). */
const loggedKeys = (query: string): string[] =>
  ANNOTATION_KEYS.filter((key) => new RegExp(`\\b${key}\\b`).test(query));

/**
 * What reads annotation keys outside the code, from the definitions the CDK stacks and the
 * local cloud use: the X-Ray groups and sampling rules of every stage (`@traced-social/
 * xray-config`; the local collector creates the `local` ones), the saved Logs Insights queries
 * and the CloudWatch dashboard's cache widget (infra/src/monitoring), and the Grafana dashboards'
 * X-Ray and metric panels (infra/src/dashboards), as built for prod.
 */
export function monitoringReaders(): AnnotationReaders {
  const manifests = discoverApps(WORKSPACE_ROOT).map((app) => app.manifest);
  const readers: AnnotationReader[] = [];
  for (const profile of Object.keys(SAMPLING_RATES) as SamplingProfile[]) {
    const plan = stageXrayPlan(profile, manifests, SAMPLING_RATES[profile]);
    for (const group of plan.groups) {
      readers.push({ name: `X-Ray group ${group.key}`, filterExpression: group.FilterExpression });
    }
    for (const rule of plan.samplingRules) {
      // A rule matches request attributes, never annotations: any it names are read keys.
      readers.push({ name: `sampling rule ${rule.RuleName}`, keys: Object.keys(rule.Attributes) });
    }
  }
  for (const service of new Set(manifests.map((m) => m.service))) {
    for (const [name, query] of Object.entries(logQueries(service))) {
      readers.push({ name: `Logs Insights query ${name}`, keys: loggedKeys(query.toString()) });
    }
  }
  readers.push({
    name: "the dashboard's cache-hit widget",
    keys: [...new Set(Object.values(METRIC_ANNOTATIONS))],
  });
  for (const manifest of manifests) readers.push(...grafanaReaders(appDashboard('prod', manifest)));
  readers.push(...grafanaReaders(overviewDashboard('prod', manifests)));
  return annotationReaders(readers);
}
