import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HttpError } from '../http/errors';

/**
 * Private keys at rest (the tenders' opening keys): AES-256-GCM under the platform
 * key-encryption key (KEK) from config. Blob = "THKW" | 0x01 | nonce(12) | tag(16) | ciphertext;
 * the 5-byte prefix is authenticated too.
 */
const PREFIX = Buffer.from('THKW\x01', 'latin1');

/** Encrypts a PEM private key under the KEK (32 bytes). */
export function encryptPrivateKey(pem: string, kek: Buffer): Buffer {
  checkKek(kek);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(PREFIX);
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return Buffer.concat([PREFIX, nonce, cipher.getAuthTag(), ciphertext]);
}

/** Decrypts a blob from encryptPrivateKey; a wrong KEK or an altered blob is a 500 (server misconfiguration). */
export function decryptPrivateKey(blob: Buffer, kek: Buffer): string {
  checkKek(kek);
  if (blob.length < PREFIX.length + 28 || !blob.subarray(0, PREFIX.length).equals(PREFIX)) {
    throw new HttpError(500, 'INTERNAL', 'Not a wrapped private key');
  }
  const nonce = blob.subarray(PREFIX.length, PREFIX.length + 12);
  const tag = blob.subarray(PREFIX.length + 12, PREFIX.length + 28);
  const decipher = createDecipheriv('aes-256-gcm', kek, nonce);
  decipher.setAAD(PREFIX);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(PREFIX.length + 28)), decipher.final()]).toString('utf8');
  } catch {
    throw new HttpError(500, 'INTERNAL', 'Cannot unwrap the private key: wrong key-encryption key or altered blob');
  }
}

/**
 * Unwraps a tender's opening key, refusing before bidDeadline (DESIGN §5: the code refuses to use
 * it before the deadline). `now` comes from the injected server clock.
 */
export function unwrapOpeningKey(blob: Buffer, kek: Buffer, { bidDeadline, now }: { bidDeadline: Date; now: Date }): string {
  if (now.getTime() < bidDeadline.getTime()) {
    throw new HttpError(409, 'KEY_NOT_YET_USABLE', 'The opening key may not be used before the bid deadline');
  }
  return decryptPrivateKey(blob, kek);
}

/** Reads KEY_ENCRYPTION_KEY: 32 bytes as 64 hex digits, base64 or base64url. */
export function parseKeyEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new RangeError('KEY_ENCRYPTION_KEY must be 32 bytes (64 hex digits or base64)');
  }
  return key;
}

function checkKek(kek: Buffer): void {
  if (kek.length !== 32) {
    throw new RangeError('the key-encryption key must be 32 bytes');
  }
}
