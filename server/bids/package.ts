import { crc32 } from 'node:zlib';
import { Zip, ZipDeflate, ZipPassThrough, unzipSync } from 'fflate';
import { malformed } from './cms/errors';

/** The bid package (DESIGN §5 step 1): a ZIP holding bid.json (first) and the bid documents. */
export type BidFile = { name: string; data: Uint8Array };
export type BidPackage = { bidJson: unknown; files: BidFile[] };
export type PackageLimits = { maxEntries: number; maxTotalBytes: number; maxBidJsonBytes: number };

export const BID_JSON = 'bid.json';
export const DEFAULT_PACKAGE_LIMITS: PackageLimits = { maxEntries: 1000, maxTotalBytes: 1024 * 1024 * 1024, maxBidJsonBytes: 64 * 1024 };

/** Already-compressed formats are stored, not deflated again. */
const STORED = /\.(zip|pdf|jpe?g|png|gif|docx|xlsx|pptx|ofd|rar|7z|gz|mp4)$/i;

/** Builds the ZIP with bid.json first (fflate's Zip keeps the order; plain objects would not for numeric names). */
export function makeBidPackage({ bidJson, files }: { bidJson: unknown; files: BidFile[] }): Buffer {
  const names = new Set<string>([BID_JSON]);
  for (const f of files) {
    checkName(f.name);
    if (names.has(f.name)) {
      throw malformed(`duplicate file name ${f.name}`);
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
  const json = Buffer.from(typeof bidJson === 'string' ? bidJson : JSON.stringify(bidJson), 'utf8');
  for (const f of [{ name: BID_JSON, data: json }, ...files]) {
    const entry = STORED.test(f.name) ? new ZipPassThrough(f.name) : new ZipDeflate(f.name, { level: 6 });
    zip.add(entry);
    entry.push(f.data, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

type CentralEntry = { name: string; crc: number; size: number };

/** Reads a bid package within limits: entry count, declared and actual sizes, CRC-32, safe names, bid.json as JSON. */
export function readBidPackage(zip: Uint8Array, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): BidPackage {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries = readCentralDirectory(buf, limits);
  let unzipped: Record<string, Uint8Array>;
  try {
    // NOTE: fflate allocates each entry at its declared size and stops there, so the checked
    // declared sizes bound memory; a lying size is caught by the CRC check below.
    unzipped = unzipSync(zip, { filter: (f) => f.originalSize <= limits.maxTotalBytes });
  } catch (err) {
    throw malformed(`unreadable ZIP (${err instanceof Error ? err.message : 'error'})`);
  }
  const files: BidFile[] = [];
  let bidJson: unknown = undefined;
  for (const entry of entries) {
    const data = unzipped[entry.name];
    if (!data || data.length !== entry.size || crc32(data) !== entry.crc) {
      throw malformed(`ZIP entry ${entry.name} is damaged (size or CRC-32 mismatch)`);
    }
    if (entry.name.endsWith('/')) {
      continue;
    }
    if (entry.name === BID_JSON) {
      bidJson = parseBidJson(data, limits);
    } else {
      files.push({ name: entry.name, data });
    }
  }
  if (bidJson === undefined) {
    throw malformed('the package has no bid.json');
  }
  return { bidJson, files };
}

function parseBidJson(data: Uint8Array, limits: PackageLimits): unknown {
  if (data.length > limits.maxBidJsonBytes) {
    throw malformed(`bid.json is larger than ${limits.maxBidJsonBytes} bytes`);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    throw malformed('bid.json is not UTF-8 JSON');
  }
}

function readCentralDirectory(buf: Buffer, limits: PackageLimits): CentralEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw malformed('not a ZIP file (no end of central directory)');
  }
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) {
    throw malformed(`the package has more than ${limits.maxEntries} entries`);
  }
  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) {
      throw malformed('bad ZIP central directory');
    }
    const flags = buf.readUInt16LE(p + 8);
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > buf.length) {
      throw malformed('bad ZIP central directory');
    }
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff || (flags & 1) !== 0) {
      throw malformed(`ZIP entry ${name}: ZIP64 and encrypted entries are not supported`);
    }
    checkName(name);
    if (seen.has(name)) {
      throw malformed(`duplicate ZIP entry ${name}`);
    }
    seen.add(name);
    total += size;
    if (total > limits.maxTotalBytes) {
      throw malformed(`the package unpacks to more than ${limits.maxTotalBytes} bytes`);
    }
    entries.push({ name, crc: buf.readUInt32LE(p + 16), size });
    p = next;
  }
  return entries;
}

/**
 * Relative names only: no absolute paths, drive letters, backslashes, '..', control characters, nor format
 * characters (Cf: bidirectional overrides and isolates, zero-width characters) or line separators, which
 * make a name display as another (e.g. "报价\u202Efdp.exe" shows as "报价exe.pdf") (issue 13, 4).
 */
function checkName(name: string): void {
  const parts = name.split('/');
  const bad =
    name.length === 0 || name.length > 255 || name.startsWith('/') || /[\\\x00-\x1f]/.test(name) || /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name) || /^[a-zA-Z]:/.test(name) ||
    parts.some((s, i) => s === '..' || s === '.' || (s === '' && i !== parts.length - 1));
  if (bad) {
    throw malformed(`unsafe file name in package: ${JSON.stringify(name)}`);
  }
}
