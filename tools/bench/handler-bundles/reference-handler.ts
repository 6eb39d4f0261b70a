/**
 * The reference bundle of `npm run bench -- handler-bundles`: what a minimal traced DynamoDB API
 * handler needs and nothing else — Powertools Tracer, Logger and Metrics, the DynamoDB document
 * client, jose and the validator (`zod/mini`) — used directly, bundled with the handlers' options.
 * Every handler's import time is compared with this one's. Like the observability bench's
 * raw-powertools variant, it imports Powertools on purpose: it is the yardstick, not product code.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { jwtVerify } from 'jose';
import * as z from 'zod/mini';

const tracer = new Tracer();
const logger = new Logger();
const metrics = new Metrics({ namespace: 'bench' });
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const pathSchema = z.object({ postId: z.uuid() });
const secret = new TextEncoder().encode(process.env.JWT_SECRET ?? 'reference');

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment('## index.handler');
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  try {
    const token = event.headers?.authorization?.replace(/^Bearer /, '');
    if (!token) return { statusCode: 401, body: '{"error":{"code":"UNAUTHORIZED"}}' };
    await jwtVerify(token, secret);
    const path = z.safeParse(pathSchema, event.pathParameters ?? {});
    if (!path.success) return { statusCode: 400, body: '{"error":{"code":"VALIDATION"}}' };
    const { Item } = await documents.send(
      new GetCommand({ TableName: process.env.TABLE_POSTS, Key: { pk: path.data.postId } }),
    );
    logger.info('read', { found: Boolean(Item) });
    return { statusCode: Item ? 200 : 404, body: JSON.stringify({ post: Item ?? null }) };
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
    metrics.publishStoredMetrics();
  }
}
