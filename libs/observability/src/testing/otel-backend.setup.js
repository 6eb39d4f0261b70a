// Jest setup file of the "(otel)" test projects (see jest.backends.js): every function the tests
// start runs on the OpenTelemetry backend.
process.env.TRACING_BACKEND = 'otel';
