import { base64ToBytes, parseCertificate } from './certificate';
import { content, readNode, type Bytes } from './der';
import type { LoadedIdentity } from './keys';

/**
 * 不见面开标 (DESIGN §5, bidder mode): the bidder unwraps the content key of its own sealed bid
 * with its private key, here, and hands only that AES key to the server. The envelope is what
 * GET /api/tenders/:id/opening/envelope returns: the bid's KeyTransRecipientInfos.
 */
export type BidEnvelope = { recipients: { serialNumber: string; encryptedKey: string }[] };

/** AES-256: the only content-encryption key DESIGN §5 allows. */
const CONTENT_KEY_BYTES = 32;

/** Unwraps the bid's 32-byte AES content key with the identity's RSA-OAEP-SHA256 key; throws UnwrapError. */
export async function unwrapContentKey(envelope: BidEnvelope, identity: Pick<LoadedIdentity, 'certPem' | 'decryptionKey'>): Promise<Uint8Array> {
  if (envelope.recipients.length === 0) {
    throw new UnwrapError('NO_RECIPIENTS', 'The envelope lists no recipients');
  }
  const { serialDer } = parseCertificate(identity.certPem);
  const own = serialHex(content(serialDer, readNode(serialDer, 0)));
  // NOTE: the recipient naming our certificate first; then every other one, in case the serial
  // was written differently (another CA's certificate for the same key, a subject key identifier).
  const ordered = [
    ...envelope.recipients.filter((r) => normaliseSerial(r.serialNumber) === own),
    ...envelope.recipients.filter((r) => normaliseSerial(r.serialNumber) !== own),
  ];
  const named = ordered.length > 0 && normaliseSerial(ordered[0].serialNumber) === own;
  for (const recipient of ordered) {
    const key = await tryDecrypt(recipient.encryptedKey, identity.decryptionKey);
    if (key) {
      return key;
    }
  }
  if (named) {
    throw new UnwrapError('WRONG_KEY', 'The bid names this certificate, but its wrapped content key does not decrypt with this private key');
  }
  throw new UnwrapError('NOT_A_RECIPIENT', 'The bid is not sealed to this certificate: no wrapped content key decrypts with its private key');
}

async function tryDecrypt(encryptedKeyB64: string, key: CryptoKey): Promise<Bytes | null> {
  let wrapped: Bytes;
  try {
    wrapped = base64ToBytes(encryptedKeyB64);
  } catch {
    return null;
  }
  let plain: Bytes;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, wrapped));
  } catch {
    return null;
  }
  if (plain.length !== CONTENT_KEY_BYTES) {
    plain.fill(0);
    return null;
  }
  return plain;
}

/** INTEGER content octets → lower-case hex without leading zero bytes (the server's form). */
function serialHex(bytes: Uint8Array): string {
  return normaliseSerial(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
}

/** Lower case, separators dropped, leading zeros dropped: '00:8A:01' and '8a01' compare equal. */
function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+/, '') || '0';
}

export class UnwrapError extends Error {
  constructor(readonly reason: 'NO_RECIPIENTS' | 'WRONG_KEY' | 'NOT_A_RECIPIENT', message: string) {
    super(message);
    this.name = 'UnwrapError';
  }
}
