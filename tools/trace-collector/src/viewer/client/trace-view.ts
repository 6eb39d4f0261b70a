import type { Waterfall, WaterfallRow } from '../waterfall';
import { getWaterfall } from './api';
import { el, formatMs, formatTime } from './dom';
import { renderLogsPanel } from './logs-panel';

/** One trace as a waterfall: nested bars on a time axis; a click shows a bar's details. */
export async function renderTraceView(root: HTMLElement, traceId: string): Promise<void> {
  root.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  let waterfall: Waterfall;
  try {
    waterfall = await getWaterfall(traceId);
  } catch (e) {
    root.replaceChildren(
      el('div', { class: 'error-box' }, (e as Error).message),
      el('a', { href: '#/' }, '← back'),
    );
    return;
  }
  const details = el('div', { class: 'details', id: 'details', hidden: 'hidden' });
  const logs = el(
    'section',
    { class: 'logs', id: 'logs' },
    el('p', { class: 'muted' }, 'Loading logs…'),
  );
  const total = Math.max(waterfall.durationMs, 0.001);
  const rows = waterfall.rows.map((row) => waterfallRow(row, total, details));
  root.replaceChildren(
    el(
      'div',
      { class: 'trace-head' },
      el('a', { href: '#/' }, '← traces'),
      el('h2', { id: 'trace-id' }, waterfall.traceId),
      el(
        'span',
        { class: 'muted' },
        `${formatTime(waterfall.startTime)} · ${formatMs(waterfall.durationMs)} · ${waterfall.rows.length} segments`,
      ),
    ),
    el('div', { class: 'waterfall', id: 'waterfall' }, axis(total), ...rows),
    details,
    logs,
  );
  await renderLogsPanel(logs, waterfall.traceId);
}

function axis(totalMs: number): HTMLElement {
  const track = el('div', { class: 'wf-track' });
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    track.append(
      el('span', { class: 'tick', style: `left:${fraction * 100}%` }, formatMs(totalMs * fraction)),
    );
  }
  return el('div', { class: 'wf-axis' }, el('div', { class: 'wf-label' }, 'name'), track);
}

function waterfallRow(row: WaterfallRow, totalMs: number, details: HTMLElement): HTMLElement {
  const status = row.fault
    ? 'fault'
    : row.throttle
      ? 'throttle'
      : row.error
        ? 'error'
        : row.inProgress
          ? 'in-progress'
          : 'ok';
  const left = (row.offsetMs / totalMs) * 100;
  const width = ((row.durationMs ?? totalMs - row.offsetMs) / totalMs) * 100;
  const element = el(
    'div',
    { class: 'wf-row', 'data-name': row.name, 'data-depth': row.depth, 'data-status': status },
    el(
      'div',
      { class: 'wf-label', style: `padding-left:${8 + row.depth * 16}px`, title: row.name },
      row.kind === 'segment' ? el('strong', {}, row.name) : row.name,
      row.origin ? el('span', { class: 'origin' }, row.origin) : undefined,
      el('span', { class: 'dur' }, formatMs(row.durationMs)),
    ),
    el(
      'div',
      { class: 'wf-track' },
      el('div', {
        class: `wf-bar ${status}`,
        style: `left:${left.toFixed(3)}%;width:${width.toFixed(3)}%`,
        title: `${row.name} ${formatMs(row.durationMs)}`,
      }),
    ),
  );
  element.addEventListener('click', () => {
    element.parentElement
      ?.querySelectorAll('.selected')
      .forEach((e) => e.classList.remove('selected'));
    element.classList.add('selected');
    showDetails(details, row);
  });
  return element;
}

function showDetails(details: HTMLElement, row: WaterfallRow): void {
  const d = row.detail;
  const section = (title: string, value: unknown) =>
    value === undefined ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
      ? undefined
      : [
          el('h4', {}, title),
          el('pre', { 'data-section': title.toLowerCase() }, JSON.stringify(value, null, 2)),
        ];
  details.hidden = false;
  details.replaceChildren(
    el('h3', {}, row.name),
    el(
      'div',
      { class: 'muted' },
      `${row.kind} ${row.id}${row.origin ? ` · ${row.origin}` : ''}${row.namespace ? ` · namespace ${row.namespace}` : ''} · starts at +${formatMs(row.offsetMs)} · ${formatMs(row.durationMs)}`,
    ),
    ...(section('Annotations', d.annotations) ?? []),
    ...(section('Metadata', d.metadata) ?? []),
    ...(section('HTTP', d.http) ?? []),
    ...(section('AWS', d.aws) ?? []),
    ...(section('SQL', d.sql) ?? []),
    ...(section('Cause', d.cause) ?? []),
  );
}
