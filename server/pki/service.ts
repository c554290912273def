import { createHash } from 'node:crypto';
import forge from 'node-forge';
import type { AuditService } from '../audit';
import { MAX_CERTIFICATE_NAME, NAME_ISSUES, type Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { HttpError, notFound, validationError } from '../http/errors';
import { newId } from '../ids';
import { verifyCertificateChain } from './chain';
import { MAX_VALIDITY_DAYS, issueCertificate, issueOpeningCertificate } from './certificates';
import { encryptPrivateKey, unwrapOpeningKey } from './key-wrap';
import { loadPlatformKeys, rsaKey, type PlatformKeys } from './platform';
import * as store from './store';

export type PkiDeps = { db: Db; clock: Clock; audit: AuditService; config: Config; findUser: (id: string) => Promise<AccountForCertificate | undefined> };
export type AccountForCertificate = { id: string; displayName: string; organizationName: string | null; creditCode: string | null; role: string; status: string };
export type PkiService = ReturnType<typeof createPkiService>;
export type CertificateCheck = { valid: true } | { valid: false; code: 'CERTIFICATE_INVALID' | 'CERTIFICATE_REVOKED'; reason: string };

/** Enrollment, revocation, trusted roots (CA 互认), tender opening keys, the platform signer. */
export function createPkiService({ db, clock, audit, config, findUser }: PkiDeps) {
  const keys: PlatformKeys = loadPlatformKeys(config, clock.now());
  return {
    caCertificatePem: keys.ca.certPem,
    platformSigner: keys.signer,
    enroll,
    importCertificate,
    listCertificates: (userId: string) => store.listCertificates(db, userId),
    revoke,
    trustedRoots,
    trustedRootsPem,
    addTrustedRoot,
    removeTrustedRoot,
    checkCertificate,
    currentCertificate: (userId: string, at: number) => store.findCurrentCertificate(db, userId, at),
    findCertificate: (id: string) => store.findCertificate(db, id),
    openingKeyHook,
    openingCertificatePem,
    openingPrivateKeyPem,
  };

  /** Issues a certificate for the signed-in user from a CSR; the subject comes from the account, not the CSR. */
  async function enroll(actor: Actor, csrPem: string): Promise<store.CertificateRecord> {
    const user = await findUser(actor.id);
    if (!user) {
      throw notFound('user');
    }
    // Only an approved member is certified in its organization's name (issue 13, 4).
    if (user.status !== 'active') {
      throw new HttpError(403, 'ACCOUNT_PENDING', 'This account waits for approval by its organization’s administrator or the trading center');
    }
    const now = clock.now();
    const subject = { organization: user.organizationName ?? '个人', creditCode: user.creditCode, commonName: user.displayName, userId: user.id };
    checkSubjectFits(subject);
    const issued = issueCertificate({ ca: keys.ca, csrPem, subject, validityDays: MAX_VALIDITY_DAYS, now });
    const subjectLine = `${subject.organization} / ${subject.commonName}`;
    return saveCertificate(actor, 'certificate.issued', certificateRecord(user.id, issued.certPem, subjectLine, issued.serialNumber, now));
  }

  /**
   * CA 互认: registers a certificate another trusted CA issued to this account's organization (its
   * key stays on the holder's CA key). It must chain to a trusted root now, carry an RSA key of at
   * least 2048 bits allowed to sign, and name the account's 统一社会信用代码 in its subject.
   */
  async function importCertificate(actor: Actor, certPem: string): Promise<store.CertificateRecord> {
    const user = await findUser(actor.id);
    if (!user?.creditCode) {
      throw new HttpError(400, 'CERTIFICATE_INVALID', 'Only accounts of an organization with a 统一社会信用代码 can register another CA’s certificate');
    }
    const now = clock.now();
    const cert = readForeignCertificate(certPem);
    const chain = verifyCertificateChain(certPem, await trustedRootsPem(), now);
    if (!chain.valid) {
      throw new HttpError(400, 'CERTIFICATE_INVALID', chain.message);
    }
    const subjectValues = cert.subject.attributes.map((a) => String(a.value));
    if (!subjectValues.some((v) => v.includes(user.creditCode as string))) {
      throw new HttpError(400, 'CERTIFICATE_INVALID', 'The certificate does not name this account’s 统一社会信用代码');
    }
    const subjectLine = subjectValues.map((v) => forge.util.decodeUtf8(v)).join(' / ');
    return saveCertificate(actor, 'certificate.imported', certificateRecord(user.id, forge.pki.certificateToPem(cert), subjectLine, serialOf(certPem), now));
  }

  /** Stores a new certificate and its audit event in one transaction. */
  async function saveCertificate(actor: Actor, action: string, record: store.CertificateRecord): Promise<store.CertificateRecord> {
    await inTransaction(db, async (trx) => {
      await store.insertCertificate(trx, record);
      await audit.append(trx, { actor, action, payload: { certificateId: record.id, serialNumber: record.serialNumber, sha256: record.sha256 } });
    });
    return record;
  }

  /** The holder or an admin revokes a certificate; it is refused everywhere from then on. */
  async function revoke(actor: Actor, certificateId: string, reason: string): Promise<store.CertificateRecord> {
    return inTransaction(db, async (trx) => {
      const cert = await store.findCertificate(trx, certificateId);
      if (!cert || (cert.userId !== actor.id && actor.role !== 'admin')) {
        throw notFound('certificate');
      }
      if (cert.status === 'revoked') {
        throw new HttpError(409, 'CERTIFICATE_REVOKED', 'The certificate is already revoked');
      }
      const at = clock.now().getTime();
      await store.revokeCertificate(trx, certificateId, at, reason);
      await audit.append(trx, { actor, action: 'certificate.revoked', payload: { certificateId, serialNumber: cert.serialNumber, reason } });
      return { ...cert, status: 'revoked' as const, revokedAt: at, revokedReason: reason };
    });
  }

  async function trustedRoots(): Promise<store.TrustedRoot[]> {
    return store.listTrustedRoots(db);
  }

  /** The platform CA and every root an admin trusts. */
  async function trustedRootsPem(): Promise<string[]> {
    return [keys.ca.certPem, ...(await store.listTrustedRoots(db)).map((r) => r.certPem)];
  }

  async function addTrustedRoot(actor: Actor, name: string, certPem: string): Promise<store.TrustedRoot> {
    let cert: forge.pki.Certificate;
    try {
      cert = forge.pki.certificateFromPem(certPem);
    } catch {
      throw new HttpError(400, 'CERTIFICATE_INVALID', 'Not a PEM X.509 certificate with an RSA key');
    }
    const basic = cert.getExtension('basicConstraints') as { cA?: boolean } | null;
    if (!basic?.cA || !cert.verify(cert)) {
      throw new HttpError(400, 'CERTIFICATE_INVALID', 'A trusted root must be a self-signed CA certificate');
    }
    const root: store.TrustedRoot = { id: newId(), name, certPem: forge.pki.certificateToPem(cert), sha256: fingerprint(certPem), addedBy: actor.id, addedAt: clock.now().getTime() };
    await inTransaction(db, async (trx) => {
      await store.insertTrustedRoot(trx, root);
      await audit.append(trx, { actor, action: 'trusted-root.added', payload: { rootId: root.id, name, sha256: root.sha256 } });
    });
    return root;
  }

  async function removeTrustedRoot(actor: Actor, rootId: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      if ((await store.deleteTrustedRoot(trx, rootId)) === 0) {
        throw notFound('trusted root');
      }
      await audit.append(trx, { actor, action: 'trusted-root.removed', payload: { rootId } });
    });
  }

  /** Chain to a trusted root, validity at `at`, and (for certificates we issued) not revoked by then. */
  async function checkCertificate(certPem: string, at: Date): Promise<CertificateCheck> {
    const chain = verifyCertificateChain(certPem, await trustedRootsPem(), at);
    if (!chain.valid) {
      return { valid: false, code: 'CERTIFICATE_INVALID', reason: chain.message };
    }
    const ours = await store.findCertificateBySerial(db, serialOf(certPem));
    if (ours && ours.sha256 === fingerprint(certPem) && ours.status === 'revoked' && (ours.revokedAt ?? 0) <= at.getTime()) {
      return { valid: false, code: 'CERTIFICATE_REVOKED', reason: `revoked: ${ours.revokedReason ?? ''}` };
    }
    return { valid: true };
  }

  /** The publish hook: the opening key pair is made outside the transaction, stored (wrapped) inside it. */
  function openingKeyHook() {
    return {
      prepare: async (tender: { id: string; code: string }) => {
        const keyPem = await rsaKey(config.platformKeyBits);
        const issued = issueOpeningCertificate(keys.ca, tender, clock.now(), MAX_VALIDITY_DAYS, keyPem);
        return { certPem: issued.certPem, serialNumber: issued.serialNumber, encryptedKey: encryptPrivateKey(issued.keyPem, keys.kek) };
      },
      commit: async (trx: Knex.Transaction, tender: { id: string }, prepared: unknown) => {
        const p = prepared as { certPem: string; serialNumber: string; encryptedKey: Buffer };
        await store.insertOpeningKey(trx, { tenderId: tender.id, ...p, at: clock.now().getTime() });
      },
    };
  }

  async function openingCertificatePem(tenderId: string): Promise<string> {
    const key = await store.findOpeningKey(db, tenderId);
    if (!key) {
      throw notFound('opening certificate');
    }
    return key.certPem;
  }

  /** The opening private key; refused (KEY_NOT_YET_USABLE) before the tender's bid deadline. Audited by the caller. */
  async function openingPrivateKeyPem(tender: { id: string; bidDeadline: number }): Promise<string> {
    const key = await store.findOpeningKey(db, tender.id);
    if (!key) {
      throw notFound('opening key');
    }
    return unwrapOpeningKey(key.encryptedKey, keys.kek, { bidDeadline: new Date(tender.bidDeadline), now: clock.now() });
  }
}

/**
 * A subject the certificate can hold (X.520: organization and common name 1–64 characters). Names are
 * validated at registration; an account named before that rule is refused here with VALIDATION, not 500.
 */
function checkSubjectFits(subject: { organization: string; commonName: string }): void {
  const fields = [
    ...(subject.organization.trim().length === 0 || subject.organization.length > MAX_CERTIFICATE_NAME ? [{ path: 'organization.name', message: NAME_ISSUES.tooLongForCertificate }] : []),
    ...(subject.commonName.trim().length === 0 || subject.commonName.length > MAX_CERTIFICATE_NAME ? [{ path: 'displayName', message: NAME_ISSUES.tooLongForCertificate }] : []),
  ];
  if (fields.length > 0) {
    throw validationError(fields);
  }
}

/** SHA-256 of the certificate's DER, hex. */
export function fingerprint(certPem: string): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes();
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex');
}

/** A valid certificate row for a user, its times read from the certificate itself. */
function certificateRecord(userId: string, certPem: string, subject: string, serialNumber: string, now: Date): store.CertificateRecord {
  const cert = forge.pki.certificateFromPem(certPem);
  return {
    id: newId(),
    userId,
    serialNumber,
    subject: subject.slice(0, 191),
    certPem,
    sha256: fingerprint(certPem),
    notBefore: cert.validity.notBefore.getTime(),
    notAfter: cert.validity.notAfter.getTime(),
    status: 'valid',
    revokedAt: null,
    revokedReason: null,
    createdAt: now.getTime(),
  };
}

function readForeignCertificate(certPem: string): forge.pki.Certificate {
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(certPem);
  } catch {
    throw new HttpError(400, 'CERTIFICATE_INVALID', 'Not a PEM X.509 certificate with an RSA key');
  }
  const bits = (cert.publicKey as forge.pki.rsa.PublicKey).n?.bitLength() ?? 0;
  const usage = cert.getExtension('keyUsage') as { digitalSignature?: boolean } | null;
  const basic = cert.getExtension('basicConstraints') as { cA?: boolean } | null;
  if (bits < 2048 || basic?.cA || (usage && !usage.digitalSignature)) {
    throw new HttpError(400, 'CERTIFICATE_INVALID', 'A signing certificate needs an RSA key of at least 2048 bits allowed to sign, and no CA flag');
  }
  return cert;
}

function serialOf(certPem: string): string {
  return forge.pki.certificateFromPem(certPem).serialNumber.replace(/^00/, '').toLowerCase();
}
