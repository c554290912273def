import { parseCertificate } from './certificate';
import { TAG, algorithm, concat, header, integer, octetString, oid, seq, setOf, tlv, type Bytes } from './der';
import { OID } from './oids';

/**
 * CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084) and RSAES-OAEP-SHA256 recipients
 * (RFC 4055), built in the browser with WebCrypto: the port of server/bids/cms/auth-enveloped.ts
 * sealChunks, byte for byte the same structure (id-data content, 12-byte nonce, 16-byte tag,
 * DER-sorted recipient SET), so the server's inspectSealedBid/unwrapContentKey/openSealedBid and
 * `openssl cms -decrypt` accept it.
 */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** RSAES-OAEP-params { hashFunc sha256, maskGenFunc mgf1(sha256) }, as OpenSSL 3 writes them. */
const OAEP_SHA256 = (): Bytes => algorithm(OID.rsaesOaep, seq(tlv(TAG.ctx(0), algorithm(OID.sha256)), tlv(TAG.ctx(1), algorithm(OID.mgf1, algorithm(OID.sha256)))));

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new Error('WebCrypto (crypto.subtle) is not available: use a current browser over HTTPS or localhost');
  }
  return s;
}

/** Seals plaintext (the signed DER) to every recipient certificate (PEM or DER); returns the DER .p7m. */
export async function sealBid(plaintext: Uint8Array, recipientCerts: (string | Uint8Array)[]): Promise<Bytes> {
  if (recipientCerts.length === 0) {
    throw new Error('A sealed bid needs at least one recipient');
  }
  const rawKey = crypto.getRandomValues(new Uint8Array(32));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const recipients = await Promise.all(recipientCerts.map((c) => keyTransRecipient(c, rawKey)));
  const aesKey = await subtle().importKey('raw', rawKey, { name: 'AES-GCM' }, false, ['encrypt']);
  rawKey.fill(0);
  const sealed = new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv: nonce, tagLength: TAG_BYTES * 8 }, aesKey, plaintext as Uint8Array<ArrayBuffer>),
  );
  // WebCrypto returns ciphertext ‖ tag; CMS keeps them apart (encryptedContent, mac).
  const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
  const mac = sealed.subarray(sealed.length - TAG_BYTES);

  const recipientInfos = setOf(...recipients);
  const gcm = algorithm(OID.aes256Gcm, seq(octetString(nonce), integer(TAG_BYTES)));
  const dataOid = oid(OID.data);
  const contentHeader = header(TAG.ctxPrim(0), ciphertext.length);
  const eciLength = dataOid.length + gcm.length + contentHeader.length + ciphertext.length;
  const eciHeader = header(TAG.SEQUENCE, eciLength);
  const version = integer(0);
  const macTlv = octetString(mac);
  const aedLength = version.length + recipientInfos.length + eciHeader.length + eciLength + macTlv.length;
  const aedHeader = header(TAG.SEQUENCE, aedLength);
  const explicitHeader = header(TAG.ctx(0), aedHeader.length + aedLength);
  const typeOid = oid(OID.authEnvelopedData);
  return concat([
    header(TAG.SEQUENCE, typeOid.length + explicitHeader.length + aedHeader.length + aedLength),
    typeOid, explicitHeader, aedHeader, version, recipientInfos, eciHeader, dataOid, gcm, contentHeader, ciphertext, macTlv,
  ]);
}

/** KeyTransRecipientInfo v0: issuerAndSerialNumber, RSAES-OAEP-SHA256, the wrapped content key. */
async function keyTransRecipient(certificate: string | Uint8Array, contentKey: Bytes): Promise<Bytes> {
  const cert = parseCertificate(certificate);
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle().importKey('spki', cert.subjectPublicKeyInfo, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  } catch {
    throw new Error('A recipient certificate must hold an RSA key');
  }
  // NOTE: WebCrypto's RSA-OAEP uses MGF1 with the same hash: SHA-256/MGF1-SHA-256, empty label (DESIGN §5).
  const encryptedKey = new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, publicKey, contentKey));
  return seq(integer(0), seq(cert.issuerDer, cert.serialDer), OAEP_SHA256(), octetString(encryptedKey));
}
