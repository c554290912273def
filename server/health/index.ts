export { createHealthService, HEALTH_TIMEOUT_MS, type HealthService, type HealthReport, type RedisPinger } from './service';
export { HealthResponse } from './schema';
export { healthRouter } from './routes';
