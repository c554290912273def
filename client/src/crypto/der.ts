/**
 * A minimal DER writer and reader over Uint8Array for the browser (and any JS runtime): the
 * browser port of server/bids/cms/der.ts. Bytes here are Uint8Array<ArrayBuffer> so they can go
 * straight into WebCrypto.
 */
export type Bytes = Uint8Array<ArrayBuffer>;

export function concat(parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The identifier and length octets of an element whose content is contentLength bytes. */
export function header(tagByte: number, contentLength: number): Bytes {
  if (contentLength < 0x80) {
    return Uint8Array.from([tagByte, contentLength]);
  }
  const bytes: number[] = [];
  for (let n = contentLength; n > 0; n = Math.floor(n / 256)) {
    bytes.unshift(n % 256);
  }
  return Uint8Array.from([tagByte, 0x80 | bytes.length, ...bytes]);
}

export function tlv(tagByte: number, ...parts: Uint8Array[]): Bytes {
  const length = parts.reduce((n, p) => n + p.length, 0);
  return concat([header(tagByte, length), ...parts]);
}

export const TAG = {
  INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30, SET: 0x31,
  UTC_TIME: 0x17, GENERALIZED_TIME: 0x18,
  ctx: (n: number): number => 0xa0 | n,
  ctxPrim: (n: number): number => 0x80 | n,
} as const;

export const seq = (...parts: Uint8Array[]): Bytes => tlv(TAG.SEQUENCE, ...parts);
export const octetString = (data: Uint8Array): Bytes => tlv(TAG.OCTET_STRING, data);
export const nullValue = (): Bytes => Uint8Array.from([0x05, 0x00]);

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

/** A SET OF in DER order: elements sorted by their encodings (X.690 11.6). */
export function setOf(...elements: Uint8Array[]): Bytes {
  return tlv(TAG.SET, ...[...elements].sort(compareBytes));
}

/** A non-negative INTEGER. */
export function integer(value: number): Bytes {
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) {
    bytes.unshift(n % 256);
  }
  if (bytes.length === 0 || bytes[0] & 0x80) {
    bytes.unshift(0);
  }
  return tlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** An OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Bytes {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number): void => {
    const chunk = [v & 0x7f];
    for (let n = Math.floor(v / 128); n > 0; n = Math.floor(n / 128)) {
      chunk.unshift((n & 0x7f) | 0x80);
    }
    out.push(...chunk);
  };
  push(arcs[0] * 40 + arcs[1]);
  arcs.slice(2).forEach(push);
  return tlv(TAG.OID, Uint8Array.from(out));
}

export const algorithm = (dotted: string, params?: Uint8Array): Bytes => (params ? seq(oid(dotted), params) : seq(oid(dotted)));

/** RFC 5652 Time: UTCTime for 1950–2049, GeneralizedTime otherwise (whole seconds, UTC). */
export function time(at: Date): Bytes {
  const digits = at.toISOString().slice(0, 19).replace(/[-T:]/g, '');
  const year = at.getUTCFullYear();
  const ascii = (s: string): Bytes => Uint8Array.from(s, (c) => c.charCodeAt(0));
  return year >= 1950 && year < 2050 ? tlv(TAG.UTC_TIME, ascii(`${digits.slice(2)}Z`)) : tlv(TAG.GENERALIZED_TIME, ascii(`${digits}Z`));
}

/** One element of DER input: where it starts, where its content starts and ends. */
export type DerNode = { tag: number; start: number; contentStart: number; end: number };

/** Reads the element at `at` (definite lengths only: certificates are DER). */
export function readNode(buf: Uint8Array, at: number): DerNode {
  if (at + 2 > buf.length) {
    throw new Error('truncated DER');
  }
  const tag = buf[at];
  let len = buf[at + 1];
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) {
      throw new Error('unsupported DER length');
    }
    len = 0;
    for (let i = 0; i < n; i++) {
      len = len * 256 + buf[p++];
    }
  }
  if (p + len > buf.length) {
    throw new Error('truncated DER');
  }
  return { tag, start: at, contentStart: p, end: p + len };
}

export function children(buf: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let p = node.contentStart; p < node.end; ) {
    const c = readNode(buf, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

export const raw = (buf: Uint8Array, n: DerNode): Bytes => buf.slice(n.start, n.end);
export const content = (buf: Uint8Array, n: DerNode): Bytes => buf.slice(n.contentStart, n.end);
