import { Type } from 'typebox';
import { ErrorSchema } from '../shared/common.schema';

/** GET /api/metrics: Prometheus text, for admins and the addresses of METRICS_ALLOW. */
export const metricsSchema = {
  tags: ['health'],
  summary: 'Prometheus metrics (admins, or an address in METRICS_ALLOW)',
  response: {
    200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }),
    401: ErrorSchema,
    403: ErrorSchema,
  },
};
