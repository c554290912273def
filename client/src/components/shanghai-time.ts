/**
 * Times come from the API as UTC ISO-8601 and are shown in Asia/Shanghai, whatever the browser's
 * zone. China has used UTC+8 without daylight saving since 1991, but formatting still goes through
 * Intl with the named zone so the rule lives in one place.
 */
const SHANGHAI = 'Asia/Shanghai';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2026-12-25 09:30:00" in Asia/Shanghai for an ISO time (or '' when it cannot be read). */
export function formatShanghai(iso: string | number | Date): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  const parts: Record<string, string> = {};
  for (const p of formatter.formatToParts(d)) {
    parts[p.type] = p.value;
  }
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * A wall time entered in Shanghai ("2026-12-25 09:30:00" or "2026-12-25T09:30") as UTC ISO with ms.
 * Returns null when the text is not such a time.
 */
export function shanghaiToIso(wall: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall.trim());
  if (!m) {
    return null;
  }
  const [, y, mo, d, h, mi, s] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) - offsetMs(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h)));
  const out = new Date(utc);
  return formatShanghai(out).startsWith(`${y}-${mo}-${d}`) ? out.toISOString() : null;
}

/** Shanghai's offset from UTC at an instant, read from Intl (8 h today). */
function offsetMs(at: number): number {
  const wall = formatShanghai(at);
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(wall);
  if (!m) {
    return 8 * 3600_000;
  }
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return asUtc - Math.floor(at / 1000) * 1000;
}
