import { parseTracingChoice, tracingBackendOf } from './tracing-choice';

describe('--tracing', () => {
  it('sets every app, one app, or a default with exceptions', () => {
    expect(parseTracingChoice('otel')).toEqual({ backend: 'otel', byApp: {} });
    const postsOnly = parseTracingChoice('posts=otel');
    expect(tracingBackendOf(postsOnly, 'posts')).toBe('otel');
    expect(tracingBackendOf(postsOnly, 'auth')).toBe('xray');
    const mixed = parseTracingChoice('otel, auth=xray');
    expect(tracingBackendOf(mixed, 'posts')).toBe('otel');
    expect(tracingBackendOf(mixed, 'auth')).toBe('xray');
  });

  it('refuses anything else with the accepted forms', () => {
    for (const bad of ['zipkin', 'posts=zipkin', '=otel', 'posts=', '']) {
      expect(() => parseTracingChoice(bad)).toThrow(/must be xray or otel, or <app>=xray\|otel/);
    }
  });
});
