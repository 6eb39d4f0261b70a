import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where a system Chromium is looked for (`CHROMIUM_PATH` first; Debian's `chromium` package). */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What `@sparticuz/chromium` hands a launcher: its unpacked binary, flags and environment. */
interface PackagedChromium {
  executablePath: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * `@sparticuz/chromium` is an ES module (Jest's CommonJS runtime cannot import it) that unpacks its
 * binary into the temp folder and sets the variables the binary needs (fonts, libraries) on the
 * process that calls it: so a plain Node process calls it and reports all three.
 */
async function packagedChromium(): Promise<PackagedChromium> {
  const script = `
    import chromium from '@sparticuz/chromium';
    const executablePath = await chromium.executablePath();
    const env = {};
    for (const key of ['FONTCONFIG_PATH', 'LD_LIBRARY_PATH', 'HOME']) {
      if (process.env[key] !== undefined) env[key] = process.env[key];
    }
    process.stdout.write(JSON.stringify({ executablePath, args: chromium.args, env }));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--no-warnings', '--input-type=module', '-e', script],
    { cwd: __dirname, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout) as PackagedChromium;
}

export interface LaunchedChromium {
  browser: Browser;
  /** Which Chromium runs: a system path, or `@sparticuz/chromium`. */
  source: string;
}

/**
 * A headless Chromium for the browser tests: the system's (`CHROMIUM_PATH`, `/usr/bin/chromium`)
 * when there is one, else the one the `@sparticuz/chromium` npm package ships, so `npm ci && npm
 * test` needs no apt step. `CHROMIUM_PATH=none` skips the system lookup (how the packaged path is
 * checked on a machine that has Debian's chromium).
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  const wanted = process.env.CHROMIUM_PATH;
  const candidates = wanted === 'none' ? [] : wanted ? [wanted] : SYSTEM_CHROMIUM_PATHS;
  const system = candidates.find((path) => existsSync(path));
  if (system) {
    const browser = await chromium.launch({
      executablePath: system,
      headless: true,
      args: SYSTEM_ARGS,
    });
    return { browser, source: system };
  }
  const packaged = await packagedChromium();
  const browser = await chromium.launch({
    executablePath: packaged.executablePath,
    headless: true,
    args: packaged.args,
    env: { ...process.env, ...packaged.env },
  });
  return { browser, source: '@sparticuz/chromium' };
}

export interface BrowserPage {
  page: Page;
  /** Closes the browser. */
  close(): Promise<void>;
}

/** A page in a fresh headless Chromium, 1280×720 (the screenshots' size), 20 s per step. */
export async function openBrowserPage(): Promise<BrowserPage> {
  const { browser } = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.setDefaultTimeout(20_000);
  return { page, close: () => browser.close() };
}

/** A seeded collector and a browser page on it, for one describe block of viewer tests. */
export interface ViewerSession {
  page: Page;
  /** Closes the browser, then the collector. */
  close(): Promise<void>;
}

/** Opens a browser page for `collector`'s viewer; `close()` ends both. */
export async function openViewerSession(collector: {
  close(): Promise<void>;
}): Promise<ViewerSession> {
  const browser = await openBrowserPage();
  return {
    page: browser.page,
    close: async () => {
      await browser.close();
      await collector.close();
    },
  };
}
