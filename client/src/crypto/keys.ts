import forge from 'node-forge';
import { binaryToBytes, bytesToBinary } from './certificate';
import type { Bytes } from './der';

/**
 * The bidder's key material (DESIGN §5): the key pair is generated here (WebCrypto, so the page
 * does not freeze), a CSR goes to the server, and the private key only ever leaves this module
 * inside a password-protected PKCS#12 the user downloads. Nothing here writes to storage.
 */
export type KeyBits = 2048 | 3072 | 4096;

/** A fresh RSA key pair (as forge keys, for CSR and PKCS#12). */
export async function generateKeyPair(bits: KeyBits = 2048): Promise<forge.pki.rsa.KeyPair> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: Uint8Array.from([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const privateKey = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bytesToBinary(pkcs8))) as forge.pki.rsa.PrivateKey;
  pkcs8.fill(0);
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  return { privateKey, publicKey };
}

/** A PKCS#10 request for the key; the server takes the subject from the account, not from here. */
export function makeCsr(keys: forge.pki.rsa.KeyPair, commonName: string): string {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = keys.publicKey;
  csr.setSubject([{ shortName: 'CN', value: forge.util.encodeUtf8(commonName || 'TenderHall'), valueTagClass: forge.asn1.Type.UTF8 }] as unknown as forge.pki.CertificateField[]);
  csr.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** A password-protected PKCS#12 (3DES, SHA-1 MAC: what every tool reads) with key, certificate and chain. */
export function makePkcs12(privateKey: forge.pki.rsa.PrivateKey, certPem: string, chainPems: string[], password: string, friendlyName: string): Bytes {
  const certs = [certPem, ...chainPems].map((p) => forge.pki.certificateFromPem(p));
  const asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, certs, password, { algorithm: '3des', friendlyName });
  return binaryToBytes(forge.asn1.toDer(asn1).getBytes());
}

export type LoadedIdentity = {
  /** the holder's certificate (the one whose key is in the file) */
  certPem: string;
  chainPems: string[];
  /** RSASSA-PKCS1-v1_5/SHA-256 signing key, not extractable */
  signingKey: CryptoKey;
  /** RSA-OAEP/SHA-256 decryption key, not extractable (for 不见面开标 later) */
  decryptionKey: CryptoKey;
  subject: string;
  notAfter: Date;
};

/** Opens a PKCS#12 with its password; the key becomes non-extractable WebCrypto keys. */
export async function loadPkcs12(p12: Uint8Array, password: string): Promise<LoadedIdentity> {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytesToBinary(p12)), false, password);
  } catch (e) {
    const msg = (e as Error).message ?? '';
    throw new Pkcs12Error(/MAC|password/i.test(msg) ? 'PASSWORD' : 'UNREADABLE', msg);
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key || !key.n) {
    throw new Pkcs12Error('NO_KEY', 'The PKCS#12 holds no RSA private key');
  }
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
  const own = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!own) {
    throw new Pkcs12Error('NO_CERT', 'The PKCS#12 holds no certificate for its key');
  }
  const pkcs8 = binaryToBytes(forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes());
  try {
    const signingKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const decryptionKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
    return {
      certPem: forge.pki.certificateToPem(own),
      chainPems: certs.filter((c) => c !== own).map((c) => forge.pki.certificateToPem(c)),
      signingKey,
      decryptionKey,
      subject: own.subject.attributes.map((a) => `${a.shortName ?? a.type}=${decodeUtf8(String(a.value))}`).join(', '),
      notAfter: own.validity.notAfter,
    };
  } finally {
    pkcs8.fill(0);
  }
}

function decodeUtf8(s: string): string {
  try {
    return forge.util.decodeUtf8(s);
  } catch {
    return s;
  }
}

export class Pkcs12Error extends Error {
  constructor(readonly reason: 'PASSWORD' | 'UNREADABLE' | 'NO_KEY' | 'NO_CERT', message: string) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}
