/** Fixture API handler: the infra tests only bundle and wire it. */
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({
  statusCode: 200,
  body: JSON.stringify({ ok: true }),
});
