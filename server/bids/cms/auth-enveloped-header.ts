import { CONTEXT, T, UNIVERSAL, childrenOf, expectTag, isTag, octetsOf, oidOf, readNode, smallIntOf, type BerNode } from './ber';
import { NONCE_BYTES, parseAuthEnveloped, parseRecipient, type ParsedRecipient } from './auth-enveloped';
import { malformed } from './errors';
import { OID, OID_NAMES } from './oids';

/**
 * The header of ContentInfo(AuthEnvelopedData) read from the first bytes of a sealed bid whose
 * total size is known: everything up to the start of the encrypted content. Recipients come
 * before the ciphertext (RFC 5083), so a 200 MB bid is checked from its first kilobytes.
 * Declared lengths are checked against the total size: a truncated upload is BID_MALFORMED.
 */
export type AuthEnvelopedHeader = {
  recipients: ParsedRecipient[];
  contentType: string;
  /** null when the content is BER-segmented (its length is only known by reading it all) */
  encryptedContentLength: number | null;
  icvLength: number;
  /** true when the whole input was in the prefix and parsed completely (mac included) */
  complete: boolean;
};

type Head = { tagClass: number; constructed: boolean; tag: number; headerEnd: number; end: number | null };

/** Parses the header from prefix (the first bytes of a file of totalSize bytes). */
export function parseAuthEnvelopedHeader(prefix: Buffer, totalSize: number): AuthEnvelopedHeader {
  if (prefix.length > totalSize) {
    throw new RangeError('prefix longer than the total size');
  }
  if (prefix.length === totalSize) {
    const full = parseAuthEnveloped(prefix);
    return { recipients: full.recipients, contentType: full.contentType, encryptedContentLength: full.encryptedContentLength, icvLength: full.mac.length, complete: true };
  }
  const root = headAt(prefix, 0, totalSize, UNIVERSAL, T.SEQUENCE, 'a ContentInfo SEQUENCE');
  if (root.end !== null && root.end !== totalSize) {
    throw malformed(root.end < totalSize ? 'trailing data after the ASN.1 structure' : 'ASN.1 length runs past the end of the data');
  }
  const rootEnd = root.end ?? totalSize;
  const typeNode = whole(prefix, root.headerEnd, rootEnd, 'the content type');
  const contentType = oidOf(prefix, expectTag(typeNode, UNIVERSAL, T.OID, 'a content type'));
  if (contentType !== OID.authEnvelopedData) {
    throw malformed(`content type is ${OID_NAMES[contentType] ?? contentType}, not authEnvelopedData (RFC 5083)`);
  }
  const explicit = headAt(prefix, typeNode.end, rootEnd, CONTEXT, 0, 'the [0] content');
  const explicitEnd = closeWithin(explicit, rootEnd);
  const aed = headAt(prefix, explicit.headerEnd, explicitEnd, UNIVERSAL, T.SEQUENCE, 'an AuthEnvelopedData SEQUENCE');
  const aedEnd = closeWithin(aed, explicitEnd);
  let pos = aed.headerEnd;
  const version = whole(prefix, pos, aedEnd, 'the version');
  if (smallIntOf(prefix, version, 'AuthEnvelopedData version') !== 0) {
    throw malformed('AuthEnvelopedData version must be 0');
  }
  pos = version.end;
  let next = whole(prefix, pos, aedEnd, 'recipientInfos');
  if (isTag(next, CONTEXT, 0)) {
    pos = next.end; // originatorInfo: not needed here
    next = whole(prefix, pos, aedEnd, 'recipientInfos');
  }
  const recipients = childrenOf(prefix, expectTag(next, UNIVERSAL, T.SET, 'recipientInfos SET')).map((ri) => parseRecipient(prefix, ri));
  if (recipients.length === 0) {
    throw malformed('no recipients');
  }
  const eci = parseContentInfoHead(prefix, next.end, aedEnd);
  return { recipients, ...eci, complete: false };
}

/** EncryptedContentInfo up to the [0] encrypted content: its type, AES-256-GCM parameters and declared length. */
function parseContentInfoHead(prefix: Buffer, pos: number, aedEnd: number) {
  const eci = headAt(prefix, pos, aedEnd, UNIVERSAL, T.SEQUENCE, 'an EncryptedContentInfo SEQUENCE');
  const eciEnd = closeWithin(eci, aedEnd);
  const typeNode = whole(prefix, eci.headerEnd, eciEnd, 'the encrypted content type');
  const contentType = oidOf(prefix, expectTag(typeNode, UNIVERSAL, T.OID, 'the encrypted content type'));
  const algNode = whole(prefix, typeNode.end, eciEnd, 'the content-encryption algorithm');
  const icvLength = gcmIcvLength(prefix, algNode);
  const content = headAt(prefix, algNode.end, eciEnd, CONTEXT, 0, 'the encrypted content (detached content is not accepted)');
  const contentEnd = content.end;
  if (contentEnd !== null && eci.end !== null && contentEnd !== eci.end) {
    throw malformed('unexpected field in EncryptedContentInfo');
  }
  if (content.constructed === false && contentEnd === null) {
    throw malformed('indefinite length on a primitive ASN.1 element');
  }
  // NOTE: with definite lengths the mac (2 + ICV bytes at least) must still fit after the content.
  if (eci.end !== null && aedEnd - eci.end < 2 + icvLength) {
    throw malformed('no room for the mac after the encrypted content');
  }
  return { contentType, icvLength, encryptedContentLength: content.constructed ? null : (contentEnd as number) - content.headerEnd };
}

function gcmIcvLength(prefix: Buffer, algNode: BerNode): number {
  const [algOid, params, more] = childrenOf(prefix, expectTag(algNode, UNIVERSAL, T.SEQUENCE, 'a content-encryption AlgorithmIdentifier'));
  const alg = oidOf(prefix, expectTag(algOid, UNIVERSAL, T.OID, 'a content-encryption algorithm'));
  if (alg !== OID.aes256Gcm) {
    throw malformed(`content encryption is ${OID_NAMES[alg] ?? alg}, not aes-256-gcm (DESIGN §5)`);
  }
  if (more) {
    throw malformed('bad content-encryption AlgorithmIdentifier');
  }
  const [nonceNode, icvNode, tooMany] = childrenOf(prefix, expectTag(params, UNIVERSAL, T.SEQUENCE, 'GCMParameters'));
  const nonce = octetsOf(prefix, expectTag(nonceNode, UNIVERSAL, T.OCTET_STRING, 'the GCM nonce'));
  const icvLength = icvNode ? smallIntOf(prefix, icvNode, 'the GCM ICV length') : 12;
  if (nonce.length !== NONCE_BYTES || icvLength < 12 || icvLength > 16 || tooMany) {
    throw malformed('GCMParameters must have a 12-byte nonce and an ICV length of 12 to 16 (RFC 5084)');
  }
  return icvLength;
}

/** An element that must lie wholly inside the prefix (version, recipients, algorithms). */
function whole(prefix: Buffer, pos: number, limit: number, what: string): BerNode {
  if (pos >= limit) {
    throw malformed(`expected ${what}`);
  }
  if (limit > prefix.length && pos + 2 > prefix.length) {
    throw malformed(`the sealed-bid header is longer than the ${prefix.length} bytes read`);
  }
  try {
    return readNode(prefix, pos, Math.min(limit, prefix.length));
  } catch (err) {
    if (limit > prefix.length) {
      // NOTE: the element may be fine but run past the prefix; either way the header is unusable.
      throw malformed(`${what} does not fit in the first ${prefix.length} bytes, or is malformed`);
    }
    throw err;
  }
}

/** The tag and length of the element at pos (its content may lie past the prefix); end null when indefinite. */
function headAt(prefix: Buffer, pos: number, limit: number, tagClass: number, tag: number, what: string): Head {
  if (pos + 2 > Math.min(limit, prefix.length)) {
    throw malformed(pos + 2 > limit ? `expected ${what}` : 'truncated ASN.1 element');
  }
  const first = prefix[pos];
  const h = { tagClass: first >> 6, constructed: (first & 0x20) !== 0, tag: first & 0x1f };
  if (h.tagClass !== tagClass || h.tag !== tag) {
    throw malformed(`expected ${what}`);
  }
  let p = pos + 1;
  const l = prefix[p++];
  if (l === 0x80) {
    if (!h.constructed) {
      throw malformed('indefinite length on a primitive ASN.1 element');
    }
    return { ...h, headerEnd: p, end: null };
  }
  let length = l;
  if (l > 0x80) {
    const n = l & 0x7f;
    if (n > 6 || p + n > prefix.length) {
      throw malformed('bad ASN.1 length');
    }
    length = 0;
    for (let i = 0; i < n; i++) {
      length = length * 256 + prefix[p++];
    }
  }
  if (length > limit - p) {
    throw malformed('ASN.1 length runs past the end of the data');
  }
  return { ...h, headerEnd: p, end: p + length };
}

/** The end of a constructed element inside its parent; an indefinite one ends before the parent's end-of-contents. */
function closeWithin(h: Head, parentEnd: number): number {
  if (!h.constructed) {
    throw malformed('expected a constructed ASN.1 element');
  }
  if (h.end === null) {
    return parentEnd - 2; // NOTE: at least its own 00 00 must fit
  }
  return h.end;
}
