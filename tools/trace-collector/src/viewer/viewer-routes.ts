import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ApiError, jsonResponse } from '../api/http-api';
import type { CollectorRoute } from '../api/context';
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

/** The trace viewer: its page and assets, and the two reads the X-Ray API has no shape for. */
export const viewerRoutes: CollectorRoute[] = [
  {
    method: 'GET',
    path: '/',
    handle: () => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: page(),
    }),
  },
  {
    method: 'GET',
    path: '/viewer/app.js',
    handle: () => ({
      status: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8' },
      body: viewerScript(),
    }),
  },
  {
    method: 'GET',
    path: '/viewer/viewer.css',
    handle: () => ({
      status: 200,
      headers: { 'content-type': 'text/css; charset=utf-8' },
      body: style(),
    }),
  },
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
    method: 'GET',
    path: '/viewer/api/stats',
    handle: (_request, { stats }) => jsonResponse(stats()),
  },
];
