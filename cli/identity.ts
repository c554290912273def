import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { CliError } from './errors';

/** The bidder's key material on disk: RSA key, CSR, and the password-protected PKCS#12 (DESIGN §5). */

export function generateKey(bits: number): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function makeCsr(keyPem: string, commonName: string): string {
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ shortName: 'CN', value: forge.util.encodeUtf8(commonName), valueTagClass: forge.asn1.Type.UTF8 }] as unknown as forge.pki.CertificateField[]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** PKCS#12 with 3DES and a SHA-1 MAC, the combination every tool (OpenSSL, Windows, browsers) reads. */
export function makePkcs12(keyPem: string, certPem: string, chainPems: string[], password: string, friendlyName: string): Buffer {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const certs = [certPem, ...chainPems].map((p) => forge.pki.certificateFromPem(p));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: '3des', friendlyName });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** A PKCS#8 private key encrypted with the password (AES-256), for a key waiting for its certificate. */
export function encryptKey(keyPem: string, password: string): string {
  const key = forge.pki.privateKeyFromPem(keyPem);
  // NOTE: forge takes the password as bytes; OpenSSL reads it as UTF-8, so encode it the same way.
  return forge.pki.encryptRsaPrivateKey(key, forge.util.encodeUtf8(password), { algorithm: 'aes256' });
}

export function decryptKey(encryptedPem: string, password: string): string {
  const key = forge.pki.decryptRsaPrivateKey(encryptedPem, forge.util.encodeUtf8(password));
  if (!key) {
    throw new CliError('The key file does not open with this password', 1);
  }
  return forge.pki.privateKeyToPem(key);
}

export type Identity = { keyPem: string; certPem: string; chainPems: string[]; subject: string; notAfter: Date };

/** Opens a PKCS#12: the RSA key and the certificate that belongs to it. */
export function readPkcs12(der: Buffer, password: string): Identity {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), false, password);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new CliError(/MAC|password/i.test(msg) ? 'The PKCS#12 file does not open with this password' : `Not a readable PKCS#12 file (${msg})`, 1);
  }
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const key = [...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag), ...bagsOf(forge.pki.oids.keyBag)].find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key?.n) {
    throw new CliError('The PKCS#12 file holds no RSA private key', 1);
  }
  const certs = bagsOf(forge.pki.oids.certBag).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
  const own = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!own) {
    throw new CliError('The PKCS#12 file holds no certificate for its key', 1);
  }
  return {
    keyPem: forge.pki.privateKeyToPem(key),
    certPem: forge.pki.certificateToPem(own),
    chainPems: certs.filter((c) => c !== own).map((c) => forge.pki.certificateToPem(c)),
    subject: own.subject.attributes.map((a) => `${a.shortName ?? a.type}=${decodeUtf8(String(a.value))}`).join(', '),
    notAfter: own.validity.notAfter,
  };
}

/** The OU of a TenderHall opening certificate names its tender (server/pki/certificates.ts). */
export function openingCertificateTender(certPem: string): string | null {
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(certPem);
  } catch {
    throw new CliError('The opening certificate is not a readable PEM X.509 certificate with an RSA key', 1);
  }
  const o = cert.subject.getField('O')?.value;
  const ou = cert.subject.getField('OU')?.value;
  return o === 'TenderHall' && typeof ou === 'string' ? ou : null;
}

function decodeUtf8(s: string): string {
  try {
    return forge.util.decodeUtf8(s);
  } catch {
    return s;
  }
}
