import { X509Certificate } from 'node:crypto';
import { HttpError } from '../../http/errors';
import { CONTEXT, T, UNIVERSAL, childrenOf, contentOf, expectTag, integerHexOf, isTag, oidOf, rawOf, readRoot, type BerNode } from './ber';
import { OID, OID_NAMES } from './oids';

/** What the CMS code needs from a certificate: identifiers as they appear in CMS, and key usage. */
export type CertInfo = {
  der: Buffer;
  issuerDer: Buffer;
  serialDer: Buffer;
  serialHex: string;
  subjectKeyId: string | null;
  /** keyUsage bits (digitalSignature = 0 … ), null when the extension is absent */
  keyUsage: boolean[] | null;
  x509: X509Certificate;
};

/** Parses a PEM or DER certificate; a bad one is 400 CERTIFICATE_INVALID. */
export function parseCertificate(pemOrDer: string | Buffer): CertInfo {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pemOrDer);
    void x509.publicKey; // NOTE: decoded lazily; a damaged key must fail here, typed
  } catch {
    throw new HttpError(400, 'CERTIFICATE_INVALID', 'Not a readable X.509 certificate');
  }
  const der = x509.raw;
  const tbs = childrenOf(der, childrenOf(der, readRoot(der))[0]);
  const at = isTag(tbs[0], CONTEXT, 0) ? 1 : 0; // [0] version
  const serialNode = expectTag(tbs[at], UNIVERSAL, T.INTEGER, 'serialNumber');
  const issuerNode = expectTag(tbs[at + 2], UNIVERSAL, T.SEQUENCE, 'issuer');
  const extensions = tbs.find((n) => isTag(n, CONTEXT, 3));
  let subjectKeyId: string | null = null;
  let keyUsage: boolean[] | null = null;
  if (extensions) {
    for (const ext of childrenOf(der, childrenOf(der, extensions)[0])) {
      const parts = childrenOf(der, ext);
      const id = oidOf(der, parts[0]);
      const value = contentOf(der, parts[parts.length - 1]);
      const inner = readRoot(value);
      if (id === OID.subjectKeyIdentifier) {
        subjectKeyId = contentOf(value, inner).toString('hex');
      } else if (id === OID.keyUsage) {
        keyUsage = bitsOf(contentOf(value, inner));
      }
    }
  }
  return {
    der,
    issuerDer: rawOf(der, issuerNode),
    serialDer: rawOf(der, serialNode),
    serialHex: integerHexOf(der, serialNode, 'serialNumber'),
    subjectKeyId,
    keyUsage,
    x509,
  };
}

function bitsOf(bitString: Buffer): boolean[] {
  const bits: boolean[] = [];
  for (let i = 1; i < bitString.length; i++) {
    for (let b = 7; b >= 0; b--) {
      bits.push(((bitString[i] >> b) & 1) === 1);
    }
  }
  return bits;
}

/** An X.500 Name as a readable string, most significant RDN first ("C=CN, O=…, CN=…"). */
export function nameToString(buf: Buffer, name: BerNode): string {
  expectTag(name, UNIVERSAL, T.SEQUENCE, 'a Name');
  const parts: string[] = [];
  for (const rdn of childrenOf(buf, name)) {
    expectTag(rdn, UNIVERSAL, T.SET, 'a RelativeDistinguishedName');
    for (const atv of childrenOf(buf, rdn)) {
      const [type, value] = childrenOf(buf, expectTag(atv, UNIVERSAL, T.SEQUENCE, 'an AttributeTypeAndValue'));
      if (!type || !value) {
        throw new HttpError(400, 'BID_MALFORMED', 'Malformed bid: bad AttributeTypeAndValue');
      }
      const id = oidOf(buf, type);
      parts.push(`${OID_NAMES[id] ?? id}=${stringValue(buf, value)}`);
    }
  }
  return parts.join(', ');
}

function stringValue(buf: Buffer, node: BerNode): string {
  if (node.constructed || node.tagClass !== UNIVERSAL) {
    return `#${rawOf(buf, node).toString('hex')}`;
  }
  const bytes = contentOf(buf, node);
  switch (node.tag) {
    case T.UTF8:
      return bytes.toString('utf8');
    case T.PRINTABLE:
    case T.IA5:
    case T.T61:
      return bytes.toString('latin1');
    case T.BMP:
      return bytes.length % 2 === 0 ? Buffer.from(bytes).swap16().toString('utf16le') : `#${bytes.toString('hex')}`;
    default:
      return `#${bytes.toString('hex')}`;
  }
}
