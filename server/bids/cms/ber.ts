import { malformed } from './errors';

/**
 * A minimal BER reader over a Buffer (X.690): definite and indefinite lengths, constructed
 * strings. It never copies content (nodes are offsets; values are subarrays) and is safe on
 * hostile input: every length is checked against the enclosing element, nesting is bounded,
 * and each element read advances by at least two bytes, so it cannot loop or recurse without end
 * (element counts are bounded by the input size: OpenSSL streams 1 KiB segments, so no fixed cap).
 */
export type BerNode = {
  tagClass: number; // 0 universal, 1 application, 2 context-specific, 3 private
  constructed: boolean;
  tag: number;
  start: number;
  headerEnd: number;
  contentEnd: number;
  end: number;
  indefinite: boolean;
};

export const MAX_DEPTH = 40;

export const UNIVERSAL = 0;
export const CONTEXT = 2;
export const T = {
  BOOLEAN: 1, INTEGER: 2, BIT_STRING: 3, OCTET_STRING: 4, NULL: 5, OID: 6, UTF8: 12,
  SEQUENCE: 16, SET: 17, PRINTABLE: 19, T61: 20, IA5: 22, UTC_TIME: 23, GENERALIZED_TIME: 24, BMP: 30,
} as const;

/** Reads the element at pos; it must end at or before limit. */
export function readNode(buf: Buffer, pos: number, limit: number, depth = 0): BerNode {
  if (depth > MAX_DEPTH) {
    throw malformed('ASN.1 nesting too deep');
  }
  if (limit > buf.length || pos + 2 > limit) {
    throw malformed('truncated ASN.1 element');
  }
  const first = buf[pos];
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  let p = pos + 1;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (p >= limit || i >= 4) {
        throw malformed('bad ASN.1 tag');
      }
      const c = buf[p++];
      tag = tag * 128 + (c & 0x7f);
      if ((c & 0x80) === 0) {
        break;
      }
    }
  }
  if (p >= limit) {
    throw malformed('truncated ASN.1 length');
  }
  const l = buf[p++];
  let length = -1;
  if (l < 0x80) {
    length = l;
  } else if (l > 0x80) {
    const n = l & 0x7f;
    if (n > 6 || p + n > limit) {
      throw malformed('bad ASN.1 length');
    }
    length = 0;
    for (let i = 0; i < n; i++) {
      length = length * 256 + buf[p++];
    }
  } else if (!constructed) {
    throw malformed('indefinite length on a primitive ASN.1 element');
  }
  const base = { tagClass, constructed, tag, start: pos, headerEnd: p };
  if (length >= 0) {
    if (length > limit - p) {
      throw malformed('ASN.1 length runs past the end of the data');
    }
    return { ...base, contentEnd: p + length, end: p + length, indefinite: false };
  }
  // NOTE: indefinite length (BER): the content runs to the first end-of-contents (00 00) at this level.
  let q = p;
  for (;;) {
    if (q + 2 > limit) {
      throw malformed('indefinite-length ASN.1 element without end-of-contents');
    }
    if (buf[q] === 0 && buf[q + 1] === 0) {
      return { ...base, contentEnd: q, end: q + 2, indefinite: true };
    }
    q = readNode(buf, q, limit, depth + 1).end;
  }
}

/** The elements inside a constructed element. */
export function childrenOf(buf: Buffer, node: BerNode, depth = 0): BerNode[] {
  if (!node.constructed) {
    throw malformed('expected a constructed ASN.1 element');
  }
  const out: BerNode[] = [];
  let q = node.headerEnd;
  while (q < node.contentEnd) {
    const child = readNode(buf, q, node.contentEnd, depth + 1);
    if (child.tagClass === UNIVERSAL && child.tag === 0) {
      throw malformed('unexpected end-of-contents in ASN.1');
    }
    out.push(child);
    q = child.end;
  }
  return out;
}

/** Checks a node's class and tag (and constructedness when given); what names it in the error. */
export function expectTag(node: BerNode | undefined, tagClass: number, tag: number, what: string, constructed?: boolean): BerNode {
  if (!node || node.tagClass !== tagClass || node.tag !== tag || (constructed !== undefined && node.constructed !== constructed)) {
    throw malformed(`expected ${what}`);
  }
  return node;
}

export function isTag(node: BerNode | undefined, tagClass: number, tag: number): node is BerNode {
  return node !== undefined && node.tagClass === tagClass && node.tag === tag;
}

/** The content of a primitive element (a view, not a copy). */
export function contentOf(buf: Buffer, node: BerNode): Buffer {
  if (node.constructed) {
    throw malformed('expected a primitive ASN.1 element');
  }
  return buf.subarray(node.headerEnd, node.contentEnd);
}

/** The octets of an OCTET STRING in primitive or constructed (BER) form, as views in order. */
export function octetSegments(buf: Buffer, node: BerNode, depth = 0, out: Buffer[] = []): Buffer[] {
  if (!node.constructed) {
    out.push(buf.subarray(node.headerEnd, node.contentEnd));
    return out;
  }
  for (const child of childrenOf(buf, node, depth)) {
    expectTag(child, UNIVERSAL, T.OCTET_STRING, 'an OCTET STRING segment');
    octetSegments(buf, child, depth + 1, out);
  }
  return out;
}

/** The octets of an OCTET STRING as one Buffer (copies only when it was segmented). */
export function octetsOf(buf: Buffer, node: BerNode): Buffer {
  const segments = octetSegments(buf, node);
  return segments.length === 1 ? segments[0] : Buffer.concat(segments);
}

/** The DER bytes of an element (a view); it must be definite-length. */
export function rawOf(buf: Buffer, node: BerNode): Buffer {
  return buf.subarray(node.start, node.end);
}

/** Decodes an OBJECT IDENTIFIER to dotted form. */
export function oidOf(buf: Buffer, node: BerNode): string {
  expectTag(node, UNIVERSAL, T.OID, 'an OBJECT IDENTIFIER', false);
  const bytes = contentOf(buf, node);
  if (bytes.length === 0 || bytes.length > 64 || (bytes[bytes.length - 1] & 0x80) !== 0) {
    throw malformed('bad OBJECT IDENTIFIER');
  }
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) {
      throw malformed('OBJECT IDENTIFIER arc too large');
    }
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const top = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(top, value - top * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  return arcs.join('.');
}

/** A small non-negative INTEGER (versions, lengths). */
export function smallIntOf(buf: Buffer, node: BerNode, what: string): number {
  expectTag(node, UNIVERSAL, T.INTEGER, what, false);
  const bytes = contentOf(buf, node);
  if (bytes.length === 0 || bytes.length > 4 || (bytes[0] & 0x80) !== 0) {
    throw malformed(`bad ${what}`);
  }
  return bytes.readUIntBE(0, bytes.length);
}

/** An INTEGER as lowercase hex without leading zero bytes (serial numbers). */
export function integerHexOf(buf: Buffer, node: BerNode, what: string): string {
  expectTag(node, UNIVERSAL, T.INTEGER, what, false);
  const bytes = contentOf(buf, node);
  if (bytes.length === 0 || bytes.length > 64) {
    throw malformed(`bad ${what}`);
  }
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) {
    i++;
  }
  return bytes.subarray(i).toString('hex');
}

/** Parses a whole buffer as exactly one element. */
export function readRoot(buf: Buffer): BerNode {
  const root = readNode(buf, 0, buf.length);
  if (root.end !== buf.length) {
    throw malformed('trailing data after the ASN.1 structure');
  }
  return root;
}
