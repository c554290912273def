export { createMetrics, type Metrics, type BidOutcome, type HttpObservation } from './registry';
export { httpMetrics, markRouteBase, metricsEndpoint, isLoopback, UNMATCHED_ROUTE } from './http';
