import { getStats } from './api';
import { renderServiceMap } from './service-map';
import { RANGES, renderTraceList, type ListState } from './trace-list';
import { renderTraceView } from './trace-view';

/**
 * The trace viewer's entry point: a hash router over three views.
 * `#/?filter=EXPR&range=SECONDS` (trace list), `#/trace/<id>` (waterfall), `#/map` (service map).
 */
const app = document.getElementById('app') as HTMLElement;

function route(): void {
  const hash = location.hash.replace(/^#/, '') || '/';
  document.getElementById('nav-map')?.classList.toggle('active', hash.startsWith('/map'));
  document.getElementById('nav-traces')?.classList.toggle('active', !hash.startsWith('/map'));
  const trace = /^\/trace\/([^/?]+)/.exec(hash);
  if (trace) {
    void renderTraceView(app, decodeURIComponent(trace[1]));
  } else if (hash.startsWith('/map')) {
    void renderServiceMap(app, RANGES[2][1]);
  } else {
    const params = new URLSearchParams(hash.split('?')[1] ?? '');
    const state: ListState = {
      filter: params.get('filter') ?? '',
      range: Number(params.get('range')) || RANGES[2][1],
    };
    renderTraceList(app, state, (next) => {
      const query = new URLSearchParams({ filter: next.filter, range: String(next.range) });
      const hash = `#/?${query.toString()}`;
      // The same search again does not change the hash: run it directly.
      if (location.hash === hash) route();
      else location.hash = hash;
    });
  }
}

async function showStats(): Promise<void> {
  const stats = await getStats();
  const element = document.getElementById('stats');
  if (element) {
    element.textContent = `${stats.traces} traces held · ${stats.accepted} documents accepted · ${stats.rejected} rejected`;
  }
}

window.addEventListener('hashchange', route);
route();
void showStats();
