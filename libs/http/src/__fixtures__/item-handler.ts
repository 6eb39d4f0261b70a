import { withTracing } from '@traced-social/observability';
import * as z from 'zod/mini';
import { httpApi } from '../api-handler';
import { authenticatedPathId } from '../path-resource';
import { json } from '../responses';

/** A route on one resource, built with `authenticatedPathId`, for its contract test. */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id } = await authenticatedPathId(
      event,
      'itemId',
      z.string().check(z.regex(/^item-\d+$/)),
    );
    return json(200, { itemId: id, userId: user.userId });
  }),
  { operationType: 'GET_ITEM' },
);
