import { withTracing } from '@traced-social/observability';
import * as z from 'zod/mini';
import { authenticate } from '../authentication';
import { httpApi } from '../api-handler';
import { forbidden } from '../errors';
import { pageQuerySchema } from '../cursor';
import { validateRequest } from '../request-validation';
import { json } from '../responses';

/** A handler built from the lib's parts, for its contract test. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { body, pathParameters, query } = validateRequest(event, {
      body: z.object({
        message: z.string().check(z.minLength(1), z.maxLength(100)),
        explode: z.optional(z.boolean()),
      }),
      pathParameters: z.object({ itemId: z.string().check(z.regex(/^item-\d+$/)) }),
      query: pageQuerySchema,
      maxBodyBytes: 1024,
    });
    if (pathParameters.itemId === 'item-403') throw forbidden('Not your item');
    if (body.explode) throw new Error('connect ECONNREFUSED db-internal-7:5432');
    return json(200, {
      echo: body.message,
      itemId: pathParameters.itemId,
      limit: query.limit,
      user,
    });
  }),
  { operationType: 'ECHO_ITEM' },
);
