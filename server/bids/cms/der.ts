/**
 * A minimal DER writer over Buffers. Small structures are built as Buffers; the bulk content
 * (the ZIP, the ciphertext) is passed as a Buffer that the caller places once into the output,
 * so a large bid is never copied more than it must be.
 */

/** The identifier and length octets of an element whose content is contentLength bytes. */
export function header(tagByte: number, contentLength: number): Buffer {
  if (contentLength < 0x80) {
    return Buffer.from([tagByte, contentLength]);
  }
  const bytes: number[] = [];
  for (let n = contentLength; n > 0; n = Math.floor(n / 256)) {
    bytes.unshift(n % 256);
  }
  return Buffer.from([tagByte, 0x80 | bytes.length, ...bytes]);
}

/** One element from its tag byte and content parts. */
export function tlv(tagByte: number, ...parts: Buffer[]): Buffer {
  const length = parts.reduce((n, p) => n + p.length, 0);
  return Buffer.concat([header(tagByte, length), ...parts]);
}

export const TAG = {
  INTEGER: 0x02, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30, SET: 0x31,
  UTC_TIME: 0x17, GENERALIZED_TIME: 0x18,
  /** [n] IMPLICIT/EXPLICIT, constructed */
  ctx: (n: number): number => 0xa0 | n,
  /** [n] IMPLICIT, primitive */
  ctxPrim: (n: number): number => 0x80 | n,
} as const;

export const seq = (...parts: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...parts);
export const octetString = (data: Buffer): Buffer => tlv(TAG.OCTET_STRING, data);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);

/** A SET OF in DER order: elements sorted by their encodings (X.690 11.6). */
export function setOf(...elements: Buffer[]): Buffer {
  return tlv(TAG.SET, ...[...elements].sort(Buffer.compare));
}

/** A non-negative INTEGER. */
export function integer(value: number): Buffer {
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) {
    bytes.unshift(n % 256);
  }
  if (bytes.length === 0 || bytes[0] & 0x80) {
    bytes.unshift(0);
  }
  return tlv(TAG.INTEGER, Buffer.from(bytes));
}

/** An OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Buffer {
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
  return tlv(TAG.OID, Buffer.from(out));
}

/** An AlgorithmIdentifier; params omitted when not given. */
export const algorithm = (dotted: string, params?: Buffer): Buffer => (params ? seq(oid(dotted), params) : seq(oid(dotted)));

/** RFC 5652 Time: UTCTime for 1950–2049, GeneralizedTime otherwise (whole seconds, UTC). */
export function time(at: Date): Buffer {
  const iso = at.toISOString(); // 2026-05-01T08:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = at.getUTCFullYear();
  if (year >= 1950 && year < 2050) {
    return tlv(TAG.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, 'latin1'));
  }
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${digits}Z`, 'latin1'));
}
