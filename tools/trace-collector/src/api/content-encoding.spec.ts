import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { ContentEncodingError, decodeContentEncoding } from './content-encoding';

const body = Buffer.from('{"resourceSpans":[{"scopeSpans":[]}]}');
const MAX = 1024 * 1024;

describe('decodeContentEncoding', () => {
  it.each([
    ['no header', undefined, body],
    ['identity', 'identity', body],
    ['gzip', 'gzip', gzipSync(body)],
    ['x-gzip, in capitals', 'X-GZIP', gzipSync(body)],
    ['deflate (zlib format)', 'deflate', deflateSync(body)],
    ['deflate sent raw', 'deflate', deflateRawSync(body)],
    ['br', 'br', brotliCompressSync(body)],
    ['gzip then br, undone from the last', 'gzip, br', brotliCompressSync(gzipSync(body))],
  ])('reads %s', async (_, header, encoded) => {
    expect(await decodeContentEncoding(encoded, header, MAX)).toEqual(body);
  });

  const failure = (encoded: Buffer, header: string, max = MAX): Promise<unknown> =>
    decodeContentEncoding(encoded, header, max).then(
      () => 'decoded',
      (error: unknown) =>
        error instanceof ContentEncodingError ? [error.status, error.message] : error,
    );

  it('refuses an unknown coding (415), a body that is not what it claims (400), an inflated one past the bound (413)', async () => {
    expect(await failure(body, 'zstd')).toEqual([
      415,
      'Content-Encoding "zstd" is not supported: use gzip, x-gzip, deflate, br, identity',
    ]);
    expect(await failure(body, 'gzip')).toEqual([400, 'The request body is not valid gzip data']);
    expect(await failure(body, 'deflate')).toEqual([
      400,
      'The request body is not valid deflate data',
    ]);
    expect(await failure(gzipSync(gzipSync(gzipSync(body))), 'gzip, gzip, gzip')).toEqual([
      400,
      'Content-Encoding lists 3 codings; at most 2 are undone',
    ]);
    expect(await failure(gzipSync(Buffer.alloc(2048)), 'gzip', 1024)).toEqual([
      413,
      'Request body over 1024 bytes once decoded (gzip)',
    ]);
  });
});
