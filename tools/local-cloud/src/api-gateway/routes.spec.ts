import { RouteTable } from './routes';

describe('RouteTable', () => {
  const table = new RouteTable([
    { method: 'GET', path: '/posts/{postId}', target: 'get-post' },
    { method: 'DELETE', path: '/posts/{postId}', target: 'delete-post' },
    { method: 'GET', path: '/posts/recent', target: 'recent' },
    { method: 'POST', path: '/posts', target: 'create' },
    { method: 'GET', path: '/users/{userId}/posts', target: 'by-user' },
  ]);

  it('matches a path with parameters, URL-decoded', () => {
    expect(table.match('GET', '/posts/a%20b')).toEqual({
      kind: 'found',
      route: expect.objectContaining({ target: 'get-post' }),
      pathParameters: { postId: 'a b' },
    });
    expect(table.match('GET', '/users/u1/posts')).toMatchObject({
      route: { target: 'by-user' },
      pathParameters: { userId: 'u1' },
    });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(table.match('GET', '/posts/recent')).toMatchObject({
      kind: 'found',
      route: { target: 'recent' },
    });
  });

  it('falls back to the parameter route for a method the literal route lacks', () => {
    expect(table.match('DELETE', '/posts/recent')).toMatchObject({
      kind: 'found',
      route: { target: 'delete-post' },
      pathParameters: { postId: 'recent' },
    });
  });

  it('answers not found for an unknown path and method-not-allowed with the methods a path has', () => {
    expect(table.match('GET', '/nothing')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/posts/1/extra')).toEqual({ kind: 'not-found' });
    expect(table.match('PUT', '/posts/1')).toEqual({
      kind: 'method-not-allowed',
      allow: ['DELETE', 'GET'],
    });
    expect(table.match('GET', '/posts')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
  });

  it('ignores a trailing slash and refuses a malformed escape', () => {
    expect(table.match('POST', '/posts/')).toMatchObject({
      kind: 'found',
      route: { target: 'create' },
    });
    expect(table.match('GET', '/posts/%E0%A4%A')).toEqual({ kind: 'not-found' });
  });
});
