import type { Db } from '../db';

export type CertificateRecord = {
  id: string;
  userId: string;
  serialNumber: string;
  subject: string;
  certPem: string;
  sha256: string;
  notBefore: number;
  notAfter: number;
  status: 'valid' | 'revoked';
  revokedAt: number | null;
  revokedReason: string | null;
  createdAt: number;
};

export type TrustedRoot = { id: string; name: string; certPem: string; sha256: string; addedBy: string; addedAt: number };

type CertRow = Record<string, string | number | null>;

function toCertificate(r: CertRow): CertificateRecord {
  return {
    id: r.id as string,
    userId: r.user_id as string,
    serialNumber: r.serial_number as string,
    subject: r.subject as string,
    certPem: r.cert_pem as string,
    sha256: r.sha256 as string,
    notBefore: Number(r.not_before),
    notAfter: Number(r.not_after),
    status: r.status as CertificateRecord['status'],
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    revokedReason: (r.revoked_reason as string | null) ?? null,
    createdAt: Number(r.created_at),
  };
}

export async function insertCertificate(db: Db, c: CertificateRecord): Promise<void> {
  await db('certificates').insert({
    id: c.id,
    user_id: c.userId,
    serial_number: c.serialNumber,
    subject: c.subject,
    cert_pem: c.certPem,
    sha256: c.sha256,
    not_before: c.notBefore,
    not_after: c.notAfter,
    status: c.status,
    revoked_at: c.revokedAt,
    revoked_reason: c.revokedReason,
    created_at: c.createdAt,
  });
}

export async function findCertificate(db: Db, id: string): Promise<CertificateRecord | undefined> {
  const row: CertRow | undefined = await db('certificates').where({ id }).first();
  return row && toCertificate(row);
}

export async function findCertificateBySerial(db: Db, serialNumber: string): Promise<CertificateRecord | undefined> {
  const row: CertRow | undefined = await db('certificates').where({ serial_number: serialNumber }).first();
  return row && toCertificate(row);
}

export async function listCertificates(db: Db, userId: string): Promise<CertificateRecord[]> {
  const rows: CertRow[] = await db('certificates').where({ user_id: userId }).orderBy('created_at', 'desc');
  return rows.map(toCertificate);
}

/** The newest certificate of the user that is not revoked and is valid at `at`. */
export async function findCurrentCertificate(db: Db, userId: string, at: number): Promise<CertificateRecord | undefined> {
  const row: CertRow | undefined = await db('certificates')
    .where({ user_id: userId, status: 'valid' })
    .andWhere('not_before', '<=', at)
    .andWhere('not_after', '>', at)
    .orderBy('created_at', 'desc')
    .first();
  return row && toCertificate(row);
}

export async function revokeCertificate(db: Db, id: string, at: number, reason: string): Promise<void> {
  await db('certificates').where({ id }).update({ status: 'revoked', revoked_at: at, revoked_reason: reason });
}

export async function listTrustedRoots(db: Db): Promise<TrustedRoot[]> {
  const rows: CertRow[] = await db('trusted_roots').orderBy('added_at');
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    certPem: r.cert_pem as string,
    sha256: r.sha256 as string,
    addedBy: r.added_by as string,
    addedAt: Number(r.added_at),
  }));
}

export async function insertTrustedRoot(db: Db, t: TrustedRoot): Promise<void> {
  await db('trusted_roots').insert({ id: t.id, name: t.name, cert_pem: t.certPem, sha256: t.sha256, added_by: t.addedBy, added_at: t.addedAt });
}

export async function deleteTrustedRoot(db: Db, id: string): Promise<number> {
  return db('trusted_roots').where({ id }).delete();
}

export type OpeningKeyRow = { tenderId: string; certPem: string; serialNumber: string; encryptedKey: Buffer };

export async function insertOpeningKey(db: Db, k: OpeningKeyRow & { at: number }): Promise<void> {
  await db('opening_keys').insert({
    tender_id: k.tenderId,
    cert_pem: k.certPem,
    serial_number: k.serialNumber,
    encrypted_key: k.encryptedKey.toString('base64'),
    created_at: k.at,
  });
}

export async function findOpeningKey(db: Db, tenderId: string): Promise<OpeningKeyRow | undefined> {
  const r: CertRow | undefined = await db('opening_keys').where({ tender_id: tenderId }).first();
  return (
    r && { tenderId: r.tender_id as string, certPem: r.cert_pem as string, serialNumber: r.serial_number as string, encryptedKey: Buffer.from(r.encrypted_key as string, 'base64') }
  );
}
