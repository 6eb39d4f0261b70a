import { answerFromProxyResult } from './proxy-response';

describe('answerFromProxyResult', () => {
  it('maps status, headers, multi-value headers and body', () => {
    const answer = answerFromProxyResult({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'X-Count': 2 },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: 'created',
    });
    expect(answer).toEqual({
      status: 201,
      headers: { 'Content-Type': 'text/plain', 'X-Count': '2', 'Set-Cookie': ['a=1', 'b=2'] },
      body: Buffer.from('created'),
    });
  });

  it('decodes a base64 body and defaults the content type to JSON', () => {
    const answer = answerFromProxyResult({
      statusCode: 200,
      body: Buffer.from('{"a":1}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(answer).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
  });

  it.each([
    [null, 'the result is not an object'],
    [{ body: 'x' }, 'statusCode must be an integer HTTP status'],
    [{ statusCode: '200' }, 'statusCode must be an integer HTTP status'],
    [{ statusCode: 200, body: { a: 1 } }, 'body must be a string'],
    [{ statusCode: 200, headers: { a: { b: 1 } } }, 'header a must be a string'],
    [
      { statusCode: 200, multiValueHeaders: { a: 'x' } },
      'multiValueHeaders.a must be a list of strings',
    ],
  ])('calls %j a malformed proxy response', (result, reason) => {
    expect(answerFromProxyResult(result)).toEqual({ malformed: reason });
  });
});
