const { projectOnBothBackends } = require('./jest.backends');

module.exports = projectOnBothBackends(__dirname, {
  // Run once: disabled.spec counts UDP sockets (the X-Ray daemon protocol); the specs under
  // backends/otel choose their backends per function themselves.
  xrayOnly: ['disabled\\.spec\\.ts$', '/backends/otel/'],
});
