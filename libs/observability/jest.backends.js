/**
 * Runs a project's tests once per tracing backend: the config as given (X-Ray, the default), and
 * a copy named "<name> (otel)" with TRACING_BACKEND=otel set before any test file loads. The test
 * harness (`@traced-social/observability/testing`) points both backends at the same capture, so
 * the same assertions hold for both.
 *
 *   module.exports = perTracingBackend({ displayName: 'posts', ... });
 *   module.exports = perTracingBackend(config, { xrayOnly: ['disabled\\.spec\\.ts$'] });
 *
 * Jest reads some options only at the top of a multi-project config (`reporters`, `testTimeout`):
 * they are lifted there from `config` or its preset, so the workspace's count reporter (which
 * `.ci/run` adds up) and timeout still apply. A key set after the spread wins:
 * `{ ...perTracingBackend(config), testTimeout: 120000 }`.
 */
const path = require('node:path');

const OTEL_SETUP = require.resolve('./src/testing/otel-backend.setup.js');
const GLOBAL_ONLY = ['reporters', 'testTimeout'];

function presetOf(config) {
  if (!config.preset) return {};
  const file = config.preset.startsWith('.')
    ? path.resolve(config.rootDir ?? process.cwd(), config.preset)
    : require.resolve(config.preset);
  return require(file);
}

function perTracingBackend(config, options = {}) {
  const preset = presetOf(config);
  const globals = {};
  for (const key of GLOBAL_ONLY) {
    const value = config[key] ?? preset[key];
    if (value !== undefined) globals[key] = value;
  }
  const ignored = config.testPathIgnorePatterns ?? ['/node_modules/'];
  return {
    ...globals,
    projects: [
      config,
      {
        ...config,
        displayName: `${config.displayName} (otel)`,
        setupFiles: [...(config.setupFiles ?? []), OTEL_SETUP],
        testPathIgnorePatterns: [...ignored, ...(options.xrayOnly ?? [])],
      },
    ],
  };
}

/**
 * A project's config with the workspace's usual settings (the root preset, ts-jest with the
 * project's tsconfig.spec.json, named after its folder), run once per tracing backend:
 *
 *   module.exports = projectOnBothBackends(__dirname, { xrayOnly: ['\\.cloud\\.spec\\.ts$'] });
 *
 * `testTimeout`, when given, replaces the preset's (lifted as above).
 */
function projectOnBothBackends(projectDir, { xrayOnly, testTimeout } = {}) {
  const config = perTracingBackend(
    {
      displayName: path.basename(projectDir),
      preset: '../../jest.preset.js',
      rootDir: projectDir,
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
    },
    { xrayOnly },
  );
  return testTimeout === undefined ? config : { ...config, testTimeout };
}

module.exports = { perTracingBackend, projectOnBothBackends };
