import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

/** The platform CA: its certificate and key, in forge form for issuing and in PEM. */
export type Ca = {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  certPem: string;
  keyPem: string;
};

export const CA_VALIDITY_DAYS = 3650;
const DAY_MS = 86_400_000;

/** A fresh RSA key pair made by node:crypto (forge's pure-JS generation takes seconds at 3072 bits). */
export function generateRsaKeyPair(bits: number): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A positive random 128-bit serial number in hex (RFC 5280 §4.1.2.2: at most 20 octets, positive). */
export function newSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x10; // keep 16 significant bytes, so the hex has no leading zero byte
  return bytes.toString('hex');
}

/** Creates a self-signed platform CA: RSA 3072, CA:true (critical), keyCertSign and cRLSign. */
/** `now` is required: a CA's validity starts at the caller's clock (the server's, or a test world's), never the calendar's. */
export function createCa({ commonName = 'TenderHall Platform CA', organization = 'TenderHall', now, validityDays = CA_VALIDITY_DAYS }: { commonName?: string; organization?: string; now: Date; validityDays?: number }): Ca {
  const { privateKeyPem } = generateRsaKeyPair(3072);
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = newSerialNumber();
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + validityDays * DAY_MS);
  const name = [
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: organization, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'CN', value: commonName, valueTagClass: forge.asn1.Type.UTF8 },
  ] as forge.pki.CertificateField[];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem: privateKeyPem };
}

/** Loads a CA from PEM files (production: CA_CERT_FILE, CA_KEY_FILE, optional CA_KEY_PASSPHRASE). */
export function loadCa(certFile: string, keyFile: string, passphrase?: string): Ca {
  const certPem = fs.readFileSync(certFile, 'utf8');
  const keyObject = createPrivateKey({ key: fs.readFileSync(keyFile), passphrase });
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw new Error(`${keyFile}: the platform CA key must be RSA`);
  }
  const keyPem = keyObject.export({ type: 'pkcs1', format: 'pem' }).toString();
  const cert = forge.pki.certificateFromPem(certPem);
  const key = forge.pki.privateKeyFromPem(keyPem);
  const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
  if (certKey.n.compareTo(key.n) !== 0) {
    throw new Error(`${keyFile} does not belong to ${certFile}`);
  }
  return { cert, key, certPem, keyPem };
}

/**
 * Development CA: made on first use into DATA_DIR/ca (key mode 0600, directory 0700) and
 * loaded afterwards. DATA_DIR is git-ignored, so the key is never committed.
 */
export function loadOrCreateDevCa(dataDir: string, now: Date): Ca {
  const dir = path.join(dataDir, 'ca');
  const certFile = path.join(dir, 'ca.crt');
  const keyFile = path.join(dir, 'ca.key');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    return loadCa(certFile, keyFile);
  }
  const ca = createCa({ commonName: 'TenderHall Development CA', now });
  writeCaFiles(ca, dir);
  return ca;
}

/** Writes ca.crt (0644) and ca.key (0600) into dir; refuses to overwrite. */
export function writeCaFiles(ca: Ca, dir: string): { certFile: string; keyFile: string } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certFile = path.join(dir, 'ca.crt');
  const keyFile = path.join(dir, 'ca.key');
  fs.writeFileSync(keyFile, ca.keyPem, { mode: 0o600, flag: 'wx' });
  fs.writeFileSync(certFile, ca.certPem, { mode: 0o644, flag: 'wx' });
  return { certFile, keyFile };
}
