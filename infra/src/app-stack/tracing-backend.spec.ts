import { fixtureApp, synthesise } from '../testing/synth';
import {
  functionLogicalId,
  functionStatements,
  resourcesOfType,
} from '../testing/template-helpers';

const fixture = fixtureApp();
const APP_STACK = 'traced-social-dev-fixture';
const fnName = (name: string) => `traced-social-dev-fixture-${name}`;

describe('tracingBackend per app', () => {
  it('otel: spans to the X-Ray daemon of active tracing (OTLP to X-Ray kept as the fallback)', () => {
    const dev = synthesise({ apps: [fixture], context: { 'tracingBackend.fixture': 'otel' } });
    const template = dev.template(APP_STACK);
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    for (const fn of fixture.manifest.functions) {
      const resource = functions[functionLogicalId(template, fnName(fn.name))];
      const variables = (resource.Properties?.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables).toMatchObject({
        TRACING_BACKEND: 'otel',
        OBSERVABILITY_OTEL_EXPORT: 'xray-daemon',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
        OBSERVABILITY_OTLP_SIGV4_SERVICE: 'xray',
      });
      expect(JSON.stringify(variables.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)).toContain('AWS::Region');
      expect(resource.Properties?.TracingConfig).toEqual({ Mode: 'Active' });
      expect(functionStatements(template, fnName(fn.name))).toContainEqual({
        actions: ['xray:PutSpans', 'xray:PutSpansForIndexing'],
        resources: ['*'],
      });
    }
  });

  it('xray (default): no OTLP settings and no PutSpans grant', () => {
    const template = synthesise({ apps: [fixture] }).template(APP_STACK);
    for (const fn of fixture.manifest.functions) {
      const resource = resourcesOfType(template, 'AWS::Lambda::Function')[
        functionLogicalId(template, fnName(fn.name))
      ];
      const variables = (resource.Properties?.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.TRACING_BACKEND).toBe('xray');
      expect(variables).not.toHaveProperty('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
      const actions = functionStatements(template, fnName(fn.name)).flatMap((s) => s.actions);
      expect(actions).not.toContain('xray:PutSpans');
    }
  });
});
