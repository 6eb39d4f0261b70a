import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';

const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

const decoders: Record<string, (body: Buffer, options: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  // HTTP's "deflate" is the zlib format; some clients send raw deflate: both are read.
  deflate: async (body, options) => {
    try {
      return await inflateAsync(body, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'Z_DATA_ERROR') throw error;
      return inflateRawAsync(body, options);
    }
  },
  br: promisify(brotliDecompress),
};

/** A body this module cannot decode, with the HTTP status to answer. */
export class ContentEncodingError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Codings undone at most per body: each one may inflate it up to the bound again. */
export const MAX_CONTENT_CODINGS = 2;

/** The content codings request bodies may use, as an `Accept-Encoding` value (RFC 7694). */
export const ACCEPTED_CONTENT_CODINGS = `${Object.keys(decoders).join(', ')}, identity`;

/**
 * A request body with its `Content-Encoding` undone (OTLP exporters gzip on request: the OTLP
 * spec's `Content-Encoding: gzip`), in the order the codings were applied, each decoded body
 * bounded by `maxBytes` so that a small compressed body cannot grow without bound (413). A coding
 * not listed is 415 (RFC 9110 §8.4.1, answered with `Accept-Encoding`: RFC 7694), a body that does
 * not decode is 400.
 */
export async function decodeContentEncoding(
  body: Buffer,
  header: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > MAX_CONTENT_CODINGS) {
    throw new ContentEncodingError(
      400,
      `Content-Encoding lists ${codings.length} codings; at most ${MAX_CONTENT_CODINGS} are undone`,
    );
  }
  let decoded = body;
  // Applied in the listed order, so undone from the last.
  for (const coding of codings.reverse()) {
    const decode = decoders[coding];
    if (!decode) {
      throw new ContentEncodingError(
        415,
        `Content-Encoding "${coding}" is not supported: use ${ACCEPTED_CONTENT_CODINGS}`,
      );
    }
    try {
      decoded = await decode(decoded, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ContentEncodingError(
          413,
          `Request body over ${maxBytes} bytes once decoded (${coding})`,
        );
      }
      throw new ContentEncodingError(400, `The request body is not valid ${coding} data`);
    }
  }
  return decoded;
}
