import { fenToYuan } from '../db/convert';
import type { AuditEvent } from './store';

/** The keys of points in time (…At, …Time, …Deadline, …): a number under one is epoch ms and goes out as ISO-8601. */
const TIME_KEY = /^(?:at|time|date|deadline|until|since|timestamp)$|[a-z0-9](?:At|Time|Date|Deadline|Until|Since|Timestamp)$/;
const FEN_KEY = /^(.*?)_?[Ff]en$/;

/**
 * A tender's trail as one reader sees it (DESIGN §8): numbered 1, 2, … over the events this reader
 * sees, with no platform-wide sequence number or hash, so nothing in it moves when a bidder acts on
 * this or any other tender before the deadline.
 */
export function presentTenderTrail(events: AuditEvent[]) {
  return events.map((e, i) => ({
    seq: i + 1,
    at: e.at,
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    visibility: e.visibility,
    payload: presentPayload(e.payload) as Record<string, unknown>,
  }));
}

/** A stored payload in the API's wire forms (DESIGN §4): epoch ms under a time key → ISO-8601, fen → yuan strings. */
export function presentPayload(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => presentPayload(v));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const fen = FEN_KEY.exec(k);
        if (fen && (typeof v === 'number' || typeof v === 'string')) {
          return [fen[1] || 'amount', fenToYuan(v)];
        }
        return [k, presentPayload(v, k)];
      }),
    );
  }
  if (typeof value === 'number' && (TIME_KEY.test(key) || Math.abs(value) >= 1e11)) {
    return new Date(value).toISOString();
  }
  return value;
}
