import { TAG, children, raw, readNode, type Bytes } from './der';

/** What sealing and signing need from an X.509 certificate, read straight from its DER. */
export type CertParts = { der: Bytes; issuerDer: Bytes; serialDer: Bytes; subjectPublicKeyInfo: Bytes };

/** PEM (first block) or DER → DER bytes. */
export function certificateDer(pemOrDer: string | Uint8Array): Bytes {
  if (typeof pemOrDer !== 'string') {
    return Uint8Array.from(pemOrDer);
  }
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pemOrDer);
  if (!m) {
    throw new Error('Not a PEM certificate');
  }
  return base64ToBytes(m[1].replace(/\s+/g, ''));
}

/** Every certificate in a PEM bundle, as DER. */
export function certificatesFromPem(pem: string): Bytes[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => certificateDer(m[0]));
}

export function parseCertificate(pemOrDer: string | Uint8Array): CertParts {
  const der = certificateDer(pemOrDer);
  try {
    const cert = readNode(der, 0);
    const tbs = children(der, children(der, cert)[0]);
    const at = tbs[0].tag === TAG.ctx(0) ? 1 : 0;
    const [serial, , issuer, , , spki] = tbs.slice(at);
    if (serial.tag !== TAG.INTEGER || issuer.tag !== TAG.SEQUENCE || spki.tag !== TAG.SEQUENCE) {
      throw new Error('bad TBSCertificate');
    }
    return { der, issuerDer: raw(der, issuer), serialDer: raw(der, serial), subjectPublicKeyInfo: raw(der, spki) };
  } catch (e) {
    throw new Error(`Not a readable X.509 certificate (${(e as Error).message})`);
  }
}

export function base64ToBytes(b64: string): Bytes {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    out[i] = bin.charCodeAt(i);
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/** A "binary string" (forge's byte representation) → bytes, and back. */
export function binaryToBytes(s: string): Bytes {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    out[i] = s.charCodeAt(i) & 0xff;
  }
  return out;
}

export function bytesToBinary(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return s;
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = bytesToBase64(der).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
