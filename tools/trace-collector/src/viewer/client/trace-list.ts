import type { WireAnnotationValue, WireTraceSummary } from '../../api/xray-shapes';
import { ApiRequestError, getTraceSummaries } from './api';
import { el, formatMs, formatTime } from './dom';
import { savedFiltersSelect } from './saved-filters';

export const RANGES: Array<[label: string, seconds: number]> = [
  ['last 5 minutes', 300],
  ['last 15 minutes', 900],
  ['last hour', 3600],
  ['last 6 hours', 21600],
  ['last 24 hours', 86400],
];

export interface ListState {
  filter: string;
  range: number;
}

/** The list of recent traces, filtered on the server with X-Ray filter expressions. */
export function renderTraceList(
  root: HTMLElement,
  state: ListState,
  onChange: (s: ListState) => void,
) {
  const input = el('input', {
    id: 'filter',
    name: 'filter',
    placeholder:
      'filter expression, e.g.  fault OR responsetime > 1  ·  annotation.operationType = "CREATE_POST"',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  input.value = state.filter;
  const range = el(
    'select',
    { id: 'range' },
    ...RANGES.map(([label, seconds]) => el('option', { value: seconds }, label)),
  );
  range.value = String(state.range);
  const form = el(
    'form',
    { class: 'filter', id: 'filter-form' },
    input,
    savedFiltersSelect((filter) => onChange({ filter, range: Number(range.value) })),
    range,
    el('button', { type: 'submit' }, 'Search'),
  );
  const error = el('div', { class: 'error-box', id: 'filter-error', role: 'alert' });
  const count = el('div', { class: 'muted', id: 'trace-count' });
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'traces', id: 'traces' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Time', 'Entry point', 'Request', 'Status', 'Duration', 'Annotations', 'Trace id'].map(
          (h) => el('th', {}, h),
        ),
      ),
    ),
    body,
  );
  const more = el('button', { id: 'load-more', type: 'button', hidden: 'hidden' }, 'Load more');
  root.replaceChildren(form, error, count, table, more);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange({ filter: input.value, range: Number(range.value) });
  });

  let shown = 0;
  const load = async (token?: string) => {
    more.hidden = true;
    try {
      const page = await getTraceSummaries(state.range, state.filter, token);
      error.textContent = '';
      for (const summary of page.TraceSummaries) body.append(summaryRow(summary));
      shown += page.TraceSummaries.length;
      count.textContent = `${shown} traces${page.NextToken ? '+' : ''} · ${page.TracesProcessedCount} in range`;
      if (page.NextToken) {
        more.hidden = false;
        more.onclick = () => void load(page.NextToken);
      }
    } catch (e) {
      error.textContent = e instanceof ApiRequestError ? e.message : String(e);
      count.textContent = '';
    }
  };
  void load();
}

function summaryRow(summary: WireTraceSummary): HTMLTableRowElement {
  const status = summary.HasFault
    ? 'fault'
    : summary.HasThrottle
      ? 'throttle'
      : summary.HasError
        ? 'error'
        : 'ok';
  const http = summary.Http;
  const row = el(
    'tr',
    { 'data-trace-id': summary.Id },
    el('td', {}, formatTime(summary.StartTime)),
    el(
      'td',
      {},
      summary.EntryPoint?.Name ?? '—',
      summary.EntryPoint?.Type ? el('span', { class: 'muted' }, ` ${summary.EntryPoint.Type}`) : '',
    ),
    el('td', {}, [http.HttpMethod, http.HttpURL].filter(Boolean).join(' ') || '—'),
    el('td', {}, el('span', { class: `badge ${status}` }, http.HttpStatus ?? status)),
    el('td', {}, formatMs(summary.Duration === undefined ? undefined : summary.Duration * 1000)),
    el('td', { class: 'annotations' }, annotationText(summary)),
    el('td', { class: 'muted' }, summary.Id),
  );
  row.addEventListener('click', () => {
    location.hash = `#/trace/${summary.Id}`;
  });
  return row;
}

function annotationText(summary: WireTraceSummary): string {
  return Object.entries(summary.Annotations)
    .slice(0, 5)
    .map(([key, values]) => `${key}=${values.map((v) => show(v.AnnotationValue)).join('|')}`)
    .join('  ');
}

function show(value: WireAnnotationValue): string {
  if ('StringValue' in value) return JSON.stringify(value.StringValue);
  if ('NumberValue' in value) return String(value.NumberValue);
  return String(value.BooleanValue);
}
