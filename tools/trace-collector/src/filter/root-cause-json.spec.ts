import { toWireRootCauses } from '../api/xray-shapes';
import { TraceStore } from '../store/trace-store';
import type { TraceFacts } from '../store/trace-facts';
import { sampleTrace } from '../testing';
import { matchesTrace } from './evaluate';
import { parseFilterExpression } from './parser';
import { contains } from './root-cause-json';

describe('contains (the rootcause.json comparison)', () => {
  it.each([
    [{ Name: 'a', Inferred: false }, { Name: 'a' }, true],
    [{ Name: 'a' }, { Name: 'a', Inferred: false }, false],
    [{ Name: 'a' }, { Name: 'b' }, false],
    [{ Path: [{ Name: 'a' }, { Name: 'b' }] }, { Path: [{ Name: 'a' }, { Name: 'b' }] }, true],
    [{ Path: [{ Name: 'a' }, { Name: 'b' }] }, { Path: [{ Name: 'b' }, { Name: 'a' }] }, false],
    [{ Path: [{ Name: 'a' }, { Name: 'b' }] }, { Path: [{ Name: 'a' }] }, false],
    [{ Coverage: 1 }, { Coverage: '1' }, false],
    [[1], {}, false],
  ])('%j contains %j: %s', (actual, pattern, expected) => {
    expect(contains(actual, pattern)).toBe(expected);
  });
});

describe('rootcause.json on stored traces', () => {
  const store = new TraceStore(10);
  const dynamo = sampleTrace({ status: 500, dynamoFault: true });
  const fine = sampleTrace();
  [dynamo, fine].forEach((t) => t.documents.forEach((d) => store.add(d)));
  afterAll(() => store.dispose());

  const facts = (traceId: string): TraceFacts => {
    const found = store.facts(traceId);
    if (!found) throw new Error(`no facts for ${traceId}`);
    return found;
  };
  const matches = (expression: string, traceId: string) =>
    matchesTrace(parseFilterExpression(expression), facts(traceId));
  /** The path down to DynamoDB, as X-Ray's documentation writes one (in part). */
  const pathToDynamo = (dynamoEntity: object) =>
    JSON.stringify({
      Services: [
        { Name: 'traced-social-api/local' },
        { Name: 'posts-create', Type: 'AWS::Lambda' },
        { Name: 'posts-create', Type: 'AWS::Lambda::Function' },
        { Name: 'DynamoDB', Inferred: true, EntityPath: [dynamoEntity] },
      ],
    });
  // Only fault and error root causes list Exceptions (response-time ones give Coverage).
  const dynamoFault = pathToDynamo({ Name: 'DynamoDB', Exceptions: [] });

  it('matches a root cause given in part, as the API shapes it', () => {
    expect(matches(`rootcause.json = #[${dynamoFault}]`, dynamo.traceId)).toBe(true);
    expect(matches(`rootcause.json = #[${dynamoFault}]`, fine.traceId)).toBe(false);
    expect(matches(`rootcause.json != #[${dynamoFault}]`, fine.traceId)).toBe(true);
    // The fine trace's slowest path also ends in DynamoDB: its response-time root cause.
    const slowest = pathToDynamo({ Name: 'DynamoDB' });
    expect(matches(`rootcause.json = #[${slowest}]`, fine.traceId)).toBe(true);
  });

  it('matches a whole root cause taken from the trace summary', () => {
    const [fault] = toWireRootCauses(facts(dynamo.traceId).rootCauses).FaultRootCauses;
    const whole = `rootcause.json = #[${JSON.stringify(fault)}]`;
    expect(matches(whole, dynamo.traceId)).toBe(true);
    expect(matches(whole, fine.traceId)).toBe(false);
  });

  it('needs every object of the array', () => {
    const anyCause = JSON.stringify({ ClientImpacting: true });
    expect(matches(`rootcause.json = #[${anyCause}]`, fine.traceId)).toBe(true);
    expect(matches(`rootcause.json = #[${anyCause}, ${dynamoFault}]`, dynamo.traceId)).toBe(true);
    expect(matches(`rootcause.json = #[${anyCause}, ${dynamoFault}]`, fine.traceId)).toBe(false);
  });
});
