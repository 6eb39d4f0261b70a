import type { WireService } from '../../api/service-graph';
import { getServiceGraph } from './api';
import { el, formatMs, svg } from './dom';

const NODE_W = 240;
const NODE_H = 54;
const GAP_X = 80;
const GAP_Y = 24;

/** The service map: services in columns by call depth from the entry points, edges between. */
export async function renderServiceMap(root: HTMLElement, rangeSeconds: number): Promise<void> {
  root.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  const { Services: services } = await getServiceGraph(rangeSeconds);
  if (!services.length) {
    root.replaceChildren(
      el('p', { class: 'muted', id: 'service-map-empty' }, 'No services in range.'),
    );
    return;
  }
  const column = layerOf(services);
  const rows = new Map<number, number>();
  const position = new Map<number, { x: number; y: number }>();
  for (const service of services) {
    const c = column.get(service.ReferenceId) ?? 0;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    position.set(service.ReferenceId, {
      x: 10 + c * (NODE_W + GAP_X),
      y: 10 + r * (NODE_H + GAP_Y),
    });
  }
  const width = 20 + (Math.max(...column.values()) + 1) * (NODE_W + GAP_X);
  const height = 20 + Math.max(...rows.values()) * (NODE_H + GAP_Y);
  const map = svg('svg', {
    class: 'map',
    id: 'service-map',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
  });
  map.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#98a2b8' }),
      ),
    ),
  );
  for (const service of services) {
    const from = position.get(service.ReferenceId);
    for (const edge of from ? service.Edges : []) {
      const to = position.get(edge.ReferenceId);
      if (!to || !from) continue;
      map.append(
        svg('path', {
          class: 'edge',
          d: `M${from.x + NODE_W},${from.y + NODE_H / 2} C${from.x + NODE_W + GAP_X / 2},${from.y + NODE_H / 2} ${to.x - GAP_X / 2},${to.y + NODE_H / 2} ${to.x},${to.y + NODE_H / 2}`,
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  for (const service of services) {
    const { x, y } = position.get(service.ReferenceId) ?? { x: 0, y: 0 };
    const stats = service.SummaryStatistics;
    const status = stats.FaultStatistics.TotalCount
      ? 'fault'
      : stats.ErrorStatistics.TotalCount
        ? 'error'
        : 'ok';
    const average = stats.TotalCount
      ? (stats.TotalResponseTime / stats.TotalCount) * 1000
      : undefined;
    map.append(
      svg(
        'g',
        {
          class: `node ${status}`,
          'data-service': service.Name,
          transform: `translate(${x},${y})`,
        },
        svg('rect', { width: NODE_W, height: NODE_H, rx: 6 }),
        svg('text', { x: 10, y: 18, 'font-weight': 600 }, truncate(service.Name, 30)),
        svg('text', { x: 10, y: 33, fill: '#6b7385' }, truncate(service.Type ?? 'service', 34)),
        svg(
          'text',
          { x: 10, y: 47, fill: '#6b7385' },
          `${stats.TotalCount} req · avg ${formatMs(average)} · ${plural(stats.FaultStatistics.TotalCount, 'fault')}`,
        ),
      ),
    );
  }
  root.replaceChildren(el('h2', {}, 'Service map'), map);
}

/** Longest call depth from a root service (cycles are cut where they close). */
function layerOf(services: WireService[]): Map<number, number> {
  const layer = new Map<number, number>();
  const byId = new Map(services.map((s) => [s.ReferenceId, s]));
  const visit = (id: number, depth: number, path: Set<number>) => {
    if (path.has(id) || (layer.get(id) ?? -1) >= depth) return;
    layer.set(id, depth);
    path.add(id);
    for (const edge of byId.get(id)?.Edges ?? []) visit(edge.ReferenceId, depth + 1, path);
    path.delete(id);
  };
  const roots = services.filter((s) => s.Root);
  (roots.length ? roots : services).forEach((s) => visit(s.ReferenceId, 0, new Set()));
  services.forEach((s) => layer.has(s.ReferenceId) || visit(s.ReferenceId, 0, new Set()));
  return layer;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
