import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { discoverApps, WORKSPACE_ROOT } from '../discover';
import { emfMetricNames, emittedMetrics, type EmittedMetric } from './emitted-metrics';
import { NOT_SYNTHETIC } from './grafana-queries';
import { writeDashboards } from './write-dashboards';

interface Target {
  refId: string;
  datasource: { type: string; uid: string };
  hide?: boolean;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  expression?: string;
  queryType?: string;
  query?: string;
}
interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Target[];
}
interface DashboardJson {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string; query: string }[] };
  panels: PanelJson[];
}

const manifests = discoverApps().map((found) => found.manifest);

/**
 * `nx run infra:dashboards` output: valid Grafana dashboards, one per app and an overview, and
 * every metric a panel charts is one the stage publishes (Lambda, API Gateway, SQS, Synthetics
 * for the resources the stacks create; EMF for what the code emits).
 */
describe('Grafana dashboards from the manifests', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'dashboards-'));
  const paths = writeDashboards(outDir, 'dev', manifests);
  const dashboards = paths.map(
    (path) =>
      [basename(path, '.json'), JSON.parse(readFileSync(path, 'utf8')) as DashboardJson] as const,
  );
  const emfNames = emfMetricNames(WORKSPACE_ROOT);
  const emitted = emittedMetrics('dev', manifests, emfNames);
  const exists = (target: Target) =>
    emitted.some(
      (metric: EmittedMetric) =>
        metric.namespace === target.namespace &&
        metric.metricName === target.metricName &&
        JSON.stringify(metric.dimensions) === JSON.stringify(target.dimensions),
    );

  it('writes one dashboard per app and an overview', () => {
    expect(dashboards.map(([name]) => name).sort()).toEqual(
      [...manifests.map((manifest) => manifest.app), 'overview'].sort(),
    );
  });

  it.each(dashboards)(
    '%s: is a valid dashboard (uid, variables, panel ids, layout, data sources)',
    (_, dashboard) => {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(dashboard.title).toMatch(/^Traced Social dev: /);
      expect(dashboard.schemaVersion).toBeGreaterThan(30);
      expect(dashboard.templating.list.map((v) => [v.name, v.type, v.query])).toEqual([
        ['cloudwatch', 'datasource', 'cloudwatch'],
        ['xray', 'datasource', 'grafana-x-ray-datasource'],
      ]);
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      const cells = new Set<string>();
      for (const panel of dashboard.panels) {
        const { x, y, w, h } = panel.gridPos;
        expect(x + w).toBeLessThanOrEqual(24);
        for (let row = y; row < y + h; row++) {
          for (let column = x; column < x + w; column++) {
            expect(cells.has(`${row}:${column}`)).toBe(false); // no overlapping panels
            cells.add(`${row}:${column}`);
          }
        }
        expect(panel.type).toBe('timeseries');
        expect(panel.targets.length).toBeGreaterThan(0);
        const refIds = panel.targets.map((target) => target.refId);
        expect(new Set(refIds).size).toBe(refIds.length);
        for (const target of panel.targets) {
          expect(['${cloudwatch}', '${xray}']).toContain(target.datasource.uid);
        }
      }
    },
  );

  it.each(dashboards)('%s: charts only metrics the stage publishes', (_, dashboard) => {
    for (const panel of dashboard.panels) {
      const refIds = panel.targets.map((target) => target.refId);
      for (const target of panel.targets) {
        if (target.datasource.type === 'grafana-x-ray-datasource') {
          // Trace panels leave the canary out and filter on indexed annotations.
          expect(target.query).toContain(` AND ${NOT_SYNTHETIC}`);
          expect(target.query).toMatch(/^annotation\.(operationType|Service) = "[^"]+"/);
        } else if (target.expression?.startsWith('SEARCH(')) {
          const [, namespace, metricName] =
            /^SEARCH\('\{([^,}]+)[^}]*\} MetricName="([^"]+)"/.exec(target.expression) ?? [];
          expect(
            emitted.some((m) => m.namespace === namespace && m.metricName === metricName),
          ).toBe(true);
        } else if (target.expression) {
          // Metric math over the panel's own queries only.
          for (const ref of target.expression.match(/\b[A-Z][A-Z0-9]*\b/g) ?? []) {
            if (ref !== 'IF') expect(refIds).toContain(ref);
          }
        } else {
          expect({
            panel: panel.title,
            target: { ...target, exists: exists(target) },
          }).toMatchObject({
            target: { exists: true },
          });
        }
      }
    }
  });

  it('finds the EMF metrics the code emits, so a renamed metric fails this test', () => {
    expect(emfNames).toEqual(expect.arrayContaining(['CacheHit', 'CacheMiss', 'ColdStart']));
    const feed = dashboards.find(([name]) => name === 'feed')![1];
    const charted = feed.panels.flatMap((panel) =>
      panel.targets.map((target) => target.metricName),
    );
    expect(charted).toEqual(
      expect.arrayContaining(['CacheHit', 'CacheMiss', 'ColdStart', 'IteratorAge']),
    );
  });

  it('charts p50 and p99 of every manifest function under its operationType', () => {
    for (const manifest of manifests) {
      const dashboard = dashboards.find(([name]) => name === manifest.app)![1];
      const latency = dashboard.panels.find((panel) =>
        panel.title.startsWith('Duration p50 / p99'),
      )!;
      const labels = latency.targets.map((target) => (target as Target & { label: string }).label);
      for (const fn of manifest.functions) {
        expect(labels).toEqual(
          expect.arrayContaining([`${fn.operationType} p50`, `${fn.operationType} p99`]),
        );
      }
    }
  });
});
