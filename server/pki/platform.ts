import { generateKeyPair, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import type { Config } from '../config';
import { loadOrCreateSecret } from '../secrets';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../storage';
import { loadCa, loadOrCreateDevCa, type Ca } from './ca';
import { issuePlatformSigningCertificate } from './certificates';
import { parseKeyEncryptionKey } from './key-wrap';

export type PlatformKeys = { ca: Ca; signer: { certPem: string; keyPem: string }; kek: Buffer };

/**
 * The platform's key material: the CA (files named in config, or a development CA made once in
 * DATA_DIR/ca), its signing certificate for receipts and records (made once beside it), and the
 * key-encryption key that wraps opening keys (KEY_ENCRYPTION_KEY, or one made in DATA_DIR/keys).
 */
export function loadPlatformKeys(config: Config, now: Date): PlatformKeys {
  const ca = config.ca ? loadCa(config.ca.certFile, config.ca.keyFile, config.ca.passphrase) : loadOrCreateDevCa(config.dataDir, now);
  const kek = parseKeyEncryptionKey(loadOrCreateSecret(config.dataDir, 'key-encryption-key', config.keyEncryptionKey));
  return { ca, signer: loadOrCreateSigner(config, ca, now), kek };
}

function loadOrCreateSigner(config: Config, ca: Ca, now: Date): { certPem: string; keyPem: string } {
  const dir = path.join(config.dataDir, 'ca');
  const certFile = path.join(dir, 'platform-signing.crt');
  const keyFile = path.join(dir, 'platform-signing.key');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const certPem = fs.readFileSync(certFile, 'utf8');
    if (isIssuedBy(certPem, ca.cert) && forge.pki.certificateFromPem(certPem).validity.notAfter.getTime() > now.getTime()) {
      return { certPem, keyPem: fs.readFileSync(keyFile, 'utf8') };
    }
  }
  const keyPem = rsaKeySync(config.platformKeyBits);
  const { certPem } = issuePlatformSigningCertificate(ca, keyPem, now);
  ensurePrivateDir(dir);
  // mode only applies to a new file: a replaced key is tightened too
  fs.writeFileSync(keyFile, keyPem, { mode: PRIVATE_FILE_MODE });
  fs.chmodSync(keyFile, PRIVATE_FILE_MODE);
  fs.writeFileSync(certFile, certPem, { mode: PRIVATE_FILE_MODE });
  fs.chmodSync(certFile, PRIVATE_FILE_MODE);
  return { certPem, keyPem };
}

/** True when the CA certificate's key signed certPem (forge throws when it did not: false). */
export function isIssuedBy(certPem: string, caCert: forge.pki.Certificate): boolean {
  try {
    return caCert.verify(forge.pki.certificateFromPem(certPem));
  } catch {
    return false;
  }
}

function rsaKeySync(bits: number): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

/** An RSA private key (PKCS#1 PEM) made in libuv's thread pool: the event loop keeps serving. */
export function rsaKey(bits: number): Promise<string> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits }, (err, _publicKey, privateKey) =>
      err ? reject(err) : resolve(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    ),
  );
}
