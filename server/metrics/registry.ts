import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Server as IoServer } from 'socket.io';

/** What a bid submission came to: accepted, or refused with its error code (a closed set: server/http/errors.ts). */
export type BidOutcome = { outcome: 'accepted' } | { outcome: 'refused'; reason: string };

/** One finished HTTP request, labelled with its route template (never a raw path). */
export type HttpObservation = { method: string; route: string; status: number; seconds: number };

/** Opening events (namespace /opening) that start or end an opening, and the outcome each one counts. */
const OPENING_OUTCOMES: Record<string, string> = {
  'opening-started': 'started',
  'opening-completed': 'opened',
  'tender-failed': 'failed',
};

const PREFIX = 'tenderhall_';

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The platform's Prometheus metrics in a registry of its own (not prom-client's global one: tests
 * build several apps in one process). Labels are closed sets (methods, route templates, status
 * codes, error codes, event types, namespaces): no ids, no user input.
 */
export function createMetrics() {
  const registry = new Registry();
  let processMetrics = false;
  const httpRequests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request latency in seconds, from the first byte read to the last byte written',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const bidsReceived = new Counter({
    name: `${PREFIX}bids_received_total`,
    help: 'Sealed bid submissions: accepted, or refused with the error code (reason="none" when accepted)',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const openings = new Counter({
    name: `${PREFIX}openings_total`,
    help: 'Openings started at the bid deadline and ended: opened, or failed (流标)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const openingRunFailures = new Counter({
    name: `${PREFIX}opening_run_failures_total`,
    help: 'Opening runs (sealing, decryption, the record) that failed on this process; each is retried when its lease expires',
    registers: [registry],
  });
  const sessionEvents = new Counter({
    name: `${PREFIX}session_events_total`,
    help: 'Sequenced live-session events committed, by namespace and event type',
    labelNames: ['namespace', 'type'] as const,
    registers: [registry],
  });
  const socketConnections = new Counter({
    name: `${PREFIX}socket_connections_total`,
    help: 'socket.io connections accepted by this process, by namespace',
    labelNames: ['namespace'] as const,
    registers: [registry],
  });
  const socketServers: { io: IoServer; namespaces: string[] }[] = [];
  new Gauge({
    name: `${PREFIX}socket_connections`,
    help: 'socket.io connections open on this process now, by namespace',
    labelNames: ['namespace'] as const,
    registers: [registry],
    collect() {
      for (const { io, namespaces } of socketServers) {
        for (const ns of namespaces) {
          this.set({ namespace: ns }, io.of(`/${ns}`).sockets.size);
        }
      }
    },
  });

  return { contentType: registry.contentType, render, observeHttp, bidReceived, sessionEventPublished, observeSockets, openingRunFailed: () => openingRunFailures.inc() };

  /** The exposition text; process metrics (CPU, memory, event loop, GC) start with the first scrape, so apps never scraped pay nothing. */
  async function render(): Promise<string> {
    if (!processMetrics) {
      processMetrics = true;
      collectDefaultMetrics({ register: registry, prefix: PREFIX });
    }
    return registry.metrics();
  }

  function observeHttp(o: HttpObservation): void {
    httpRequests.inc({ method: o.method, route: o.route, status: String(o.status) });
    httpDuration.observe({ method: o.method, route: o.route, status_class: `${Math.floor(o.status / 100)}xx` }, o.seconds);
  }

  /** The bid service's hook: one call per submission that reached it. */
  function bidReceived(o: BidOutcome): void {
    bidsReceived.inc(o.outcome === 'accepted' ? { outcome: 'accepted', reason: 'none' } : { outcome: 'refused', reason: o.reason });
  }

  /** The event bus's hook, after the event's transaction committed. */
  function sessionEventPublished(namespace: string, type: string): void {
    sessionEvents.inc({ namespace, type });
    const outcome = namespace === 'opening' ? OPENING_OUTCOMES[type] : undefined;
    if (outcome) {
      openings.inc({ outcome });
    }
  }

  /** Counts the connections of these namespaces and reads how many are open at each scrape. */
  function observeSockets(io: IoServer, namespaces: string[]): void {
    socketServers.push({ io, namespaces });
    for (const ns of namespaces) {
      io.of(`/${ns}`).on('connection', () => socketConnections.inc({ namespace: ns }));
    }
  }
}
