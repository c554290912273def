import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { concat, type Bytes } from './der';

/** The bid package (DESIGN §5 step 1): a ZIP with bid.json first, then the bid documents. */
export type BidFile = { name: string; data: Uint8Array };

export const BID_JSON = 'bid.json';
/** Yuan with exactly two decimals, as the opening items carry it (唱标价). */
export const YUAN_2DP = /^(0|[1-9]\d{0,12})\.\d{2}$/;
const STORED = /\.(zip|pdf|jpe?g|png|gif|docx|xlsx|pptx|ofd|rar|7z|gz|mp4)$/i;

export type BidJson = { tenderId: string; price?: string; durationDays?: number; quality?: string; [item: string]: unknown };

/** Problems with bid.json for this tender (empty when it is fit to seal). */
export function checkBidJson(bid: unknown, tenderId: string): string[] {
  const problems: string[] = [];
  if (!bid || typeof bid !== 'object' || Array.isArray(bid)) {
    return ['bid.json must be a JSON object'];
  }
  const b = bid as Record<string, unknown>;
  if (b.tenderId !== tenderId) {
    problems.push(`bid.json tenderId is ${JSON.stringify(b.tenderId)}, not ${JSON.stringify(tenderId)}`);
  }
  if (typeof b.price !== 'string' || !YUAN_2DP.test(b.price)) {
    problems.push(`bid.json price must be a string of yuan with 2 decimals, e.g. "9876543.21" (got ${JSON.stringify(b.price)})`);
  }
  if (b.durationDays !== undefined && (!Number.isInteger(b.durationDays) || (b.durationDays as number) <= 0)) {
    problems.push('bid.json durationDays must be a positive whole number of days');
  }
  return problems;
}

/** Relative names only: no absolute paths, drive letters, backslashes, '..' or control characters. */
export function isSafeName(name: string): boolean {
  const parts = name.split('/');
  return !(
    name.length === 0 || name.length > 255 || name.startsWith('/') || /[\\\x00-\x1f]/.test(name) || /^[a-zA-Z]:/.test(name) ||
    parts.some((s, i) => s === '..' || s === '.' || (s === '' && i !== parts.length - 1))
  );
}

/** Builds the ZIP with bid.json first (fflate's Zip keeps the order of adds). */
export function makeBidPackage(bidJson: unknown, files: BidFile[]): Bytes {
  const names = new Set<string>([BID_JSON]);
  for (const f of files) {
    if (!isSafeName(f.name)) {
      throw new Error(`Unsafe file name: ${JSON.stringify(f.name)}`);
    }
    if (names.has(f.name)) {
      throw new Error(`Duplicate file name: ${f.name}`);
    }
    names.add(f.name);
  }
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) {
      throw err;
    }
    chunks.push(chunk);
  });
  const json = new TextEncoder().encode(JSON.stringify(bidJson, null, 2));
  for (const f of [{ name: BID_JSON, data: json }, ...files]) {
    const entry = STORED.test(f.name) ? new ZipPassThrough(f.name) : new ZipDeflate(f.name, { level: 6 });
    zip.add(entry);
    entry.push(f.data, true);
  }
  zip.end();
  return concat(chunks);
}
