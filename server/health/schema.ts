import { z } from 'zod';
import { strict, UtcTime } from '../http/response-schema';

const Dialect = z.enum(['sqlite', 'mysql']);

/** One probe: answered or not, how long it took (ms, a duration), and why it failed. */
const probe = {
  ok: z.boolean(),
  latencyMs: z.number().nonnegative(),
  error: z.enum(['timeout', 'unavailable']).optional().describe('Only when `ok` is false'),
};

/** GET /api/health (docs/api-contracts.md "Operations"): 200 with status `ok`, else 503 with `down` or `degraded`. */
export const HealthResponse = strict({
  status: z.enum(['ok', 'degraded', 'down']),
  db: Dialect.describe('DESIGN §9: the database engine'),
  time: UtcTime.describe('The server clock (the client takes its offset from it)'),
  checks: strict({
    db: strict({ dialect: Dialect, ...probe }),
    redis: z.union([strict({ configured: z.literal(false), ok: z.null(), latencyMs: z.null() }), strict({ configured: z.literal(true), ...probe })]),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
