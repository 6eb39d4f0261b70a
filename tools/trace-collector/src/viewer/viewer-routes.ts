import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ApiError, jsonResponse } from '../api/http-api';
import type { CollectorRoute } from '../api/context';
import { linkedTraceIds } from '../logs/linked-traces';
import { buildWaterfall } from './waterfall';

let clientScript: string | undefined;

/** The browser code, bundled from `client/main.ts` once, on first request. */
function viewerScript(): string {
  clientScript ??= buildSync({
    entryPoints: [join(__dirname, 'client', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).outputFiles[0].text;
  return clientScript;
}

const page = () => readFileSync(join(__dirname, 'client', 'index.html'));
const style = () => readFileSync(join(__dirname, 'client', 'viewer.css'));

/** A file of the viewer, its body produced on each request (the script is bundled once). */
const viewerAsset = (
  path: string,
  contentType: string,
  body: () => string | Buffer,
): CollectorRoute => ({
  method: 'GET',
  path,
  handle: () => ({ status: 200, headers: { 'content-type': contentType }, body: body() }),
});

/** The trace viewer: its page and assets, and the reads the X-Ray API has no shape for. */
export const viewerRoutes: CollectorRoute[] = [
  viewerAsset('/', 'text/html; charset=utf-8', page),
  viewerAsset('/viewer/app.js', 'text/javascript; charset=utf-8', viewerScript),
  viewerAsset('/viewer/viewer.css', 'text/css; charset=utf-8', style),
  {
    method: 'GET',
    path: /^\/viewer\/api\/traces\/([^/]+)$/,
    handle(_request, { store }, [traceId]) {
      const trace = store.getTrace(traceId);
      if (!trace) throw new ApiError(404, 'ResourceNotFoundException', `No trace ${traceId}`);
      return jsonResponse(buildWaterfall(trace));
    },
  },
  {
    // A trace's log lines, and those of the traces it links to (a Kinesis consumer's invocation).
    method: 'GET',
    path: /^\/viewer\/api\/logs\/([^/]+)$/,
    handle(_request, { logs, store }, [traceId]) {
      const traceIds = [traceId, ...linkedTraceIds(store.documents(traceId))];
      const lines = traceIds
        .flatMap((id) => logs.forTrace(id))
        .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
      return jsonResponse({ traceId, lines });
    },
  },
  {
    method: 'GET',
    path: '/viewer/api/stats',
    handle: (_request, { stats }) => jsonResponse(stats()),
  },
];
