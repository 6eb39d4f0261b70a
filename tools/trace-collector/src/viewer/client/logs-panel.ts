import type { LogLine } from '../../logs/log-store';
import { getLogs } from './api';
import { el } from './dom';

/**
 * A trace's log lines under its waterfall, as Logs Insights shows them for `xray_trace_id` in
 * AWS: time, function, level, message, the whole line on hover, and a link to the line's trace.
 */
export async function renderLogsPanel(panel: HTMLElement, traceId: string): Promise<void> {
  let lines: LogLine[];
  try {
    ({ lines } = await getLogs(traceId));
  } catch (e) {
    panel.replaceChildren(el('div', { class: 'error-box' }, (e as Error).message));
    return;
  }
  panel.replaceChildren(
    el('h3', {}, `Logs (${lines.length})`),
    lines.length
      ? el('ol', { class: 'log-lines' }, ...lines.map(logLine))
      : el(
          'p',
          { class: 'muted', id: 'logs-empty' },
          'No log lines name this trace (functions log through the observability logger).',
        ),
  );
}

function logLine(line: LogLine): HTMLElement {
  return el(
    'li',
    { class: 'log-line', 'data-level': line.level ?? '', title: line.text },
    el('span', { class: 'log-time' }, line.timestamp.replace(/^.*T/, '').replace(/Z$/, '')),
    el('span', { class: 'log-function' }, line.functionName),
    el('span', { class: `log-level ${(line.level ?? '').toLowerCase()}` }, line.level ?? ''),
    el('span', { class: 'log-message' }, line.message ?? line.text),
    el(
      'a',
      { class: 'log-trace', href: `#/trace/${encodeURIComponent(line.traceId)}` },
      line.traceId,
    ),
  );
}
