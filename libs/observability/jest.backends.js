/**
 * Runs a project's tests once per tracing backend: the config as given (X-Ray, the default), and
 * a copy named "<name> (otel)" with TRACING_BACKEND=otel set before any test file loads. The test
 * harness (`@traced-social/observability/testing`) points both backends at the same capture, so
 * the same assertions hold for both.
 *
 *   module.exports = perTracingBackend({ displayName: 'posts', ... });
 *   module.exports = perTracingBackend(config, { xrayOnly: ['disabled\\.spec\\.ts$'] });
 */
const OTEL_SETUP = require.resolve('./src/testing/otel-backend.setup.js');

function perTracingBackend(config, options = {}) {
  const ignored = config.testPathIgnorePatterns ?? ['/node_modules/'];
  // Both runs share the machine: give each test room (Jest's default is 5 s).
  const base = { testTimeout: 30_000, ...config };
  return {
    projects: [
      base,
      {
        ...base,
        displayName: `${config.displayName} (otel)`,
        setupFiles: [...(config.setupFiles ?? []), OTEL_SETUP],
        testPathIgnorePatterns: [...ignored, ...(options.xrayOnly ?? [])],
      },
    ],
  };
}

module.exports = { perTracingBackend };
