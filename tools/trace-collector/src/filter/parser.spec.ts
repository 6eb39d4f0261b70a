import { FilterSyntaxError, type FilterNode } from './ast';
import { parseFilterExpression } from './parser';
import { tokenize } from './tokenizer';

function syntaxError(expression: string): FilterSyntaxError {
  try {
    parseFilterExpression(expression);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${expression}" parsed without error`);
}

describe('tokenize', () => {
  it('splits words with dots, strings with escapes, numbers, operators and punctuation', () => {
    const tokens = tokenize(
      `annotation.userId = "a \\"b\\"" AND responsetime>=-1.5 {id(name:'x')}`,
    );
    expect(tokens.map((t) => [t.type, t.text, t.position])).toEqual([
      ['word', 'annotation.userId', 0],
      ['op', '=', 18],
      ['string', 'a "b"', 20],
      ['word', 'AND', 30],
      ['word', 'responsetime', 34],
      ['op', '>=', 46],
      ['number', '-1.5', 48],
      ['{', '{', 53],
      ['word', 'id', 54],
      ['(', '(', 56],
      ['word', 'name', 57],
      [':', ':', 61],
      ['string', 'x', 62],
      [')', ')', 65],
      ['}', '}', 66],
      ['eof', '', 67],
    ]);
  });

  it('tells "!" (not) from "!=" (not equal)', () => {
    expect(tokenize('!ok != x').map((t) => t.type)).toEqual(['!', 'word', 'op', 'word', 'eof']);
  });
});

describe('parseFilterExpression', () => {
  it.each<[string, FilterNode]>([
    ['ok', { kind: 'boolean', keyword: 'ok', expected: true }],
    ['!fault', { kind: 'not', operand: { kind: 'boolean', keyword: 'fault', expected: true } }],
    ['error = true', { kind: 'boolean', keyword: 'error', expected: true }],
    ['throttle != true', { kind: 'boolean', keyword: 'throttle', expected: false }],
    ['partial = false', { kind: 'boolean', keyword: 'partial', expected: false }],
    ['responseTime > 1000', { kind: 'number', keyword: 'responsetime', op: '>', value: 1000 }],
    ['duration <= 0.5', { kind: 'number', keyword: 'duration', op: '<=', value: 0.5 }],
    ['http.status = 404', { kind: 'number', keyword: 'http.status', op: '=', value: 404 }],
    [
      'http.url CONTAINS "/posts"',
      { kind: 'string', keyword: 'http.url', op: 'CONTAINS', value: '/posts' },
    ],
    ['http.method = "POST"', { kind: 'string', keyword: 'http.method', op: '=', value: 'POST' }],
    [
      'http.useragent beginswith "curl"',
      { kind: 'string', keyword: 'http.useragent', op: 'BEGINSWITH', value: 'curl' },
    ],
    [
      'http.clientip ENDSWITH ".1"',
      { kind: 'string', keyword: 'http.clientip', op: 'ENDSWITH', value: '.1' },
    ],
    ['user != "bob"', { kind: 'string', keyword: 'user', op: '!=', value: 'bob' }],
    [
      'annotation.userId = "user-123"',
      { kind: 'annotation', key: 'userId', op: '=', value: 'user-123' },
    ],
    ['annotation.cacheHit = false', { kind: 'annotation', key: 'cacheHit', op: '=', value: false }],
    ['annotation.count >= 3', { kind: 'annotation', key: 'count', op: '>=', value: 3 }],
    ['annotation.ColdStart', { kind: 'annotation', key: 'ColdStart' }],
    ['service("api")', { kind: 'service', selector: { name: 'api' }, filter: undefined }],
    ['service()', { kind: 'service', selector: {}, filter: undefined }],
    [
      'service("DynamoDB") { fault }',
      {
        kind: 'service',
        selector: { name: 'DynamoDB' },
        filter: { kind: 'boolean', keyword: 'fault', expected: true },
      },
    ],
    [
      'id(name: "posts", type: "AWS::Lambda::Function")',
      {
        kind: 'service',
        selector: { name: 'posts', type: 'AWS::Lambda::Function' },
        filter: undefined,
      },
    ],
    [
      'service(id(type: "AWS::DynamoDB::Table")) { responsetime > 0.5 }',
      {
        kind: 'service',
        selector: { type: 'AWS::DynamoDB::Table' },
        filter: { kind: 'number', keyword: 'responsetime', op: '>', value: 0.5 },
      },
    ],
    [
      'edge("a", "b") { error }',
      {
        kind: 'edge',
        source: { name: 'a' },
        destination: { name: 'b' },
        filter: { kind: 'boolean', keyword: 'error', expected: true },
      },
    ],
  ])('parses %s', (expression, tree) => {
    expect(parseFilterExpression(expression)).toEqual(tree);
  });

  const ok: FilterNode = { kind: 'boolean', keyword: 'ok', expected: true };
  const error: FilterNode = { kind: 'boolean', keyword: 'error', expected: true };
  const fault: FilterNode = { kind: 'boolean', keyword: 'fault', expected: true };
  it.each<[string, string, FilterNode]>([
    [
      'NOT before AND before OR',
      'ok OR NOT error AND fault',
      {
        kind: 'or',
        left: ok,
        right: { kind: 'and', left: { kind: 'not', operand: error }, right: fault },
      },
    ],
    [
      'parentheses first',
      '(ok OR error) and fault',
      { kind: 'and', left: { kind: 'or', left: ok, right: error }, right: fault },
    ],
    [
      'juxtaposed terms as AND, as X-Ray does',
      'ok !partial duration <3',
      {
        kind: 'and',
        left: {
          kind: 'and',
          left: ok,
          right: { kind: 'not', operand: { kind: 'boolean', keyword: 'partial', expected: true } },
        },
        right: { kind: 'number', keyword: 'duration', op: '<', value: 3 },
      },
    ],
  ])('reads %s: %s', (_rule, expression, tree) => {
    expect(parseFilterExpression(expression)).toEqual(tree);
  });

  it.each([
    // The seed's "X-Ray Service Map Filters" (with the valid key annotation.cacheHit).
    'responseTime > 1000',
    'error = true OR fault = true',
    'annotation.userId = "user-123"',
    'annotation.cacheHit = false',
    'annotation.operationType = "CREATE_POST"',
    // The examples of AWS's "Using filter expressions".
    'responsetime > 5',
    'duration >= 5 AND duration <= 8',
    'service("api.example.com") { fault = true OR responsetime > 2.5 } AND annotation.account = "12345"',
    'edge("api.example.com", "backend.example.com") { fault = true }',
    'http.url BEGINSWITH "http://api.example.com/" AND http.url CONTAINS "/v2/" AND !service("api.example.com")',
    'ok !partial duration <3',
  ])('parses the documented example %s', (expression) => {
    expect(() => parseFilterExpression(expression)).not.toThrow();
  });

  it.each<[string, number, string]>([
    ['', 0, 'the expression is empty'],
    ['responsetime >', 14, 'expected a number, found the end of the expression'],
    ['responsetime "5"', 13, 'expected a comparison operator'],
    ['duration > 5 AND', 16, 'expected a keyword'],
    ['(ok OR error', 12, 'expected ")"'],
    ['ok)', 2, 'expected end of the expression, found ")"'],
    ['http.url > "x"', 9, 'expected =, !=, CONTAINS, BEGINSWITH or ENDSWITH'],
    ['http.url = 5', 11, 'expected a quoted string, found "5"'],
    [
      'annotation.cache.hit = false',
      11,
      'annotation keys are letters, digits and underscores only',
    ],
    ['annotation.count > "x"', 17, '> compares numbers only'],
    ['annotation.name CONTAINS 3', 16, 'CONTAINS compares strings only'],
    ['fault = maybe', 8, 'expected true or false'],
    ['fault > true', 6, 'fault takes only = or !='],
    ['nonsense = 1', 0, 'unknown keyword'],
    ['json.foo = 1', 0, 'is not supported by the local collector'],
    ['service("a") { http.url = "x" }', 15, 'inside { } only'],
    ['edge("a") { fault }', 8, 'expected "," between the two services'],
    ['id(color: "red")', 3, 'expected name or type'],
    ['user = "unterminated', 7, 'unterminated string'],
    ['ok # comment', 3, 'unexpected character "#"'],
    ['duration > 1.2.3', 11, 'malformed number'],
    ['rootcause.json = 1', 17, 'expected a JSON array of root causes'],
    ['rootcause.json > #[{}]', 15, 'expected = or != after rootcause.json'],
    ['rootcause.json = #[{"Services": }]', 17, 'malformed JSON'],
    ['rootcause.json = #[]', 17, 'a non-empty array of root-cause objects'],
    ['rootcause.json = #["x"]', 17, 'a non-empty array of root-cause objects'],
    ['rootcause.json = #[{"Name": "]"}', 17, 'unterminated JSON after #'],
    ['rootcause.fault.service { coverage > 0.5 }', 26, 'coverage applies to responsetime'],
    ['rootcause.fault.entity { http.url = "x" }', 25, 'inside rootcause { } only'],
    ['rootcause.fault.anything', 0, 'unknown keyword'],
    ['group.name > "x"', 11, 'expected = after group.name'],
    ['group.name = errors', 13, 'expected a quoted group name'],
  ])('rejects %j at position %i', (expression, position, reason) => {
    const error = syntaxError(expression);
    expect(error.position).toBe(position);
    expect(error.reason).toContain(reason);
    expect(error.message).toContain(`at position ${position + 1}`);
  });
});

describe('groups and root causes in filter expressions', () => {
  it('reads group.name, group.arn and groupname', () => {
    expect(parseFilterExpression('group.name = "errors" AND user = "alice"')).toEqual({
      kind: 'and',
      left: { kind: 'group', by: 'name', value: 'errors' },
      right: { kind: 'string', keyword: 'user', op: '=', value: 'alice' },
    });
    expect(parseFilterExpression('groupname = "errors"')).toEqual({
      kind: 'group',
      by: 'name',
      value: 'errors',
    });
    expect(parseFilterExpression('GROUP.ARN = "arn:aws:xray:x"')).toEqual({
      kind: 'group',
      by: 'arn',
      value: 'arn:aws:xray:x',
    });
  });

  it("reads X-Ray's documented rootcause examples", () => {
    expect(
      parseFilterExpression('rootcause.fault.entity { last and name = "deserialize" }'),
    ).toEqual({
      kind: 'rootcause',
      cause: 'fault',
      element: 'entity',
      filter: {
        kind: 'and',
        left: { kind: 'boolean', keyword: 'last', expected: true },
        right: { kind: 'string', keyword: 'name', op: '=', value: 'deserialize' },
      },
    });
    expect(
      parseFilterExpression('rootcause.responsetime.entity { remote and coverage > 0.7 }'),
    ).toMatchObject({ cause: 'responsetime', element: 'entity' });
    expect(parseFilterExpression('rootcause.fault.service { index > 5 }')).toMatchObject({
      filter: { kind: 'number', keyword: 'index', op: '>', value: 5 },
    });
    expect(
      parseFilterExpression('rootcause.fault.exception { last and message CONTAINS "denied" }'),
    ).toMatchObject({ element: 'exception' });
    expect(parseFilterExpression('!rootcause.error.service')).toEqual({
      kind: 'not',
      operand: { kind: 'rootcause', cause: 'error', element: 'service' },
    });
  });

  it('reads rootcause.json = #[{ ... }] with JSON brackets inside strings', () => {
    const services = [{ Name: 'GetWeatherData', EntityPath: [{ Name: 'get_temperature]' }] }];
    expect(
      parseFilterExpression(
        `rootcause.json = #[{ "Services": ${JSON.stringify(services)} }] AND fault`,
      ),
    ).toEqual({
      kind: 'and',
      left: { kind: 'rootcause-json', op: '=', patterns: [{ Services: services }] },
      right: { kind: 'boolean', keyword: 'fault', expected: true },
    });
    expect(parseFilterExpression('rootcause.json != #[{}, {"ClientImpacting": true}]')).toEqual({
      kind: 'rootcause-json',
      op: '!=',
      patterns: [{}, { ClientImpacting: true }],
    });
  });
});
