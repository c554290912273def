/** Conversions between API values and portable column values (money in fen, time in epoch ms). */

const YUAN_RE = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "12500000.00" → 1250000000 (fen); exact, no floats. */
export function yuanToFen(yuan: string): number {
  const m = YUAN_RE.exec(yuan);
  if (!m) {
    throw new RangeError(`not a yuan amount: ${yuan}`);
  }
  const fraction = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(fraction);
}

/** 1250000000 (fen) → "12500000.00". */
export function fenToYuan(fen: number | string | bigint): string {
  const n = BigInt(fen);
  const sign = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Date or ISO string → epoch ms for a bigInteger column. */
export function toMs(t: Date | string): number {
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError(`not a time: ${String(t)}`);
  }
  return ms;
}

/** Epoch ms column (number or string from the driver) → ISO-8601 UTC with milliseconds. */
export function fromMs(ms: number | string): string {
  return new Date(Number(ms)).toISOString();
}

/** Nullable variant of fromMs. */
export function fromMsOrNull(ms: number | string | null | undefined): string | null {
  return ms === null || ms === undefined ? null : fromMs(ms);
}

/** JSON text column → value. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  return text ? (JSON.parse(text) as T) : fallback;
}
