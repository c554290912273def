/**
 * The raw limit of the fan-out (bench/run.ts): bench/bare-server.ts, a bare socket.io server with
 * no database, no auth and no sequencing, broadcasts the events a real opening recorded (same
 * payloads, same spacing) to as many clients, held by the same client workers (bench/fanout-clients.ts).
 */
import type { ClientReport } from './fanout-clients';
import { clientWorker, joinClients, SETTLE_MS, tally, type Event, type Row } from './fanout';
import { startBare } from './bare';

/** Deliveries of `recorded` to `clients` clients of the bare server: a Row as bench/fanout.ts makes. */
export async function bareFanout(clients: number, workers: number, recorded: Event[]): Promise<Row> {
  const bare = await startBare();
  const pool = Array.from({ length: workers }, clientWorker);
  try {
    const tenderId = 'BARE';
    const { joinS, failed } = await joinClients(pool, [bare.url], tenderId, clients);
    await bare.call({ cmd: 'emit', tenderId, events: recorded });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const reports = await Promise.all(pool.map((p) => p.call<{ clients: ClientReport[]; ticks: number[] }>({ cmd: 'report', upToSeq: recorded.length })));
    const events = recorded.map((e, i) => ({ ...e, seq: i + 1 }));
    return { ...tally(clients, 1, workers, joinS, failed, events, reports), recorded: events, tickRate: NaN };
  } finally {
    await Promise.all(pool.map((p) => p.call({ cmd: 'close' }).catch(() => undefined)));
    await bare.stop();
  }
}
