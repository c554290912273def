import forge from 'node-forge';
import { HttpError } from '../http/errors';
import { generateRsaKeyPair, newSerialNumber, type Ca } from './ca';

/** The subject the platform puts in a certificate; the CSR's own subject is ignored. */
export type CertificateSubject = {
  /** organization name (O), e.g. 杭州示例建设有限公司 */
  organization: string;
  /** 统一社会信用代码, written as the subject serialNumber attribute (2.5.4.5); null for a person without one */
  creditCode: string | null;
  /** the holder's name (CN) */
  commonName: string;
  /** the platform account the certificate is bound to (UID, 0.9.2342.19200300.100.1.1) */
  userId?: string;
};

export type IssuedCertificate = { certPem: string; serialNumber: string; notBefore: Date; notAfter: Date };

export const MAX_VALIDITY_DAYS = 730;
export const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 8192;
const DAY_MS = 86_400_000;

/**
 * Issues a user certificate from a CSR: the CSR's self-signature must verify and hold an RSA key of
 * at least 2048 bits; its subject and extensions are ignored — the platform's subject is used.
 */
export function issueCertificate({ ca, csrPem, subject, validityDays, serial = newSerialNumber(), now }: {
  ca: Ca; csrPem: string; subject: CertificateSubject; validityDays: number; serial?: string; now: Date;
}): IssuedCertificate {
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
    throw new HttpError(400, 'CSR_INVALID', `Validity must be 1 to ${MAX_VALIDITY_DAYS} days`);
  }
  const publicKey = publicKeyOfCsr(csrPem);
  checkSubject(subject);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.setSubject([
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: subject.organization, valueTagClass: forge.asn1.Type.UTF8 },
    ...(subject.creditCode ? [{ type: '2.5.4.5', value: subject.creditCode }] : []),
    { shortName: 'CN', value: subject.commonName, valueTagClass: forge.asn1.Type.UTF8 },
    ...(subject.userId ? [{ type: '0.9.2342.19200300.100.1.1', value: subject.userId }] : []),
  ] as forge.pki.CertificateField[]);
  const extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true, clientAuth: true },
  ];
  return signByCa(ca, cert, extensions, serial, now, validityDays);
}

/** Issues the opening certificate of a tender with a fresh RSA 3072 key pair (keyEncipherment only). */
export function issueOpeningCertificate(
  ca: Ca,
  tender: { id: string; code: string },
  now: Date,
  validityDays = MAX_VALIDITY_DAYS,
  keyPem?: string,
): IssuedCertificate & { keyPem: string } {
  const privateKeyPem = keyPem ?? generateRsaKeyPair(3072).privateKeyPem;
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.setSubject([
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: 'TenderHall', valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'OU', value: tender.id, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'CN', value: `Opening key ${tender.code}`, valueTagClass: forge.asn1.Type.UTF8 },
  ] as forge.pki.CertificateField[]);
  const extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', keyEncipherment: true, critical: true },
  ];
  return { ...signByCa(ca, cert, extensions, newSerialNumber(), now, validityDays), keyPem: privateKeyPem };
}

/** The platform's own signing certificate (receipts, records): digitalSignature, S/MIME signing. */
export function issuePlatformSigningCertificate(ca: Ca, keyPem: string, now: Date, validityDays = MAX_VALIDITY_DAYS): IssuedCertificate {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.setSubject([
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: 'TenderHall', valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'CN', value: 'TenderHall Platform Signing', valueTagClass: forge.asn1.Type.UTF8 },
  ] as forge.pki.CertificateField[]);
  const extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
  ];
  return signByCa(ca, cert, extensions, newSerialNumber(), now, validityDays);
}

function signByCa(ca: Ca, cert: forge.pki.Certificate, extensions: object[], serial: string, now: Date, validityDays: number): IssuedCertificate {
  if (!/^[0-9a-f]{2,40}$/i.test(serial) || serial.length % 2 !== 0 || /^00/.test(serial)) {
    throw new RangeError('serial must be 1 to 20 bytes of hex without a leading zero byte');
  }
  // NOTE: forge writes the hex as the INTEGER's bytes; a leading 00 keeps it positive.
  cert.serialNumber = parseInt(serial[0], 16) >= 8 ? `00${serial}` : serial;
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + validityDays * DAY_MS);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), serialNumber: serial.toLowerCase(), notBefore: cert.validity.notBefore, notAfter: cert.validity.notAfter };
}

function publicKeyOfCsr(csrPem: string): forge.pki.rsa.PublicKey {
  let csr: forge.pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(csrPem);
  } catch {
    throw new HttpError(400, 'CSR_INVALID', 'Not a readable PKCS#10 request with an RSA key');
  }
  let verified = false;
  try {
    verified = csr.verify();
  } catch {
    verified = false;
  }
  if (!verified) {
    throw new HttpError(400, 'CSR_INVALID', 'The request is not signed by its own key');
  }
  const key = csr.publicKey as forge.pki.rsa.PublicKey | null;
  const bits = key?.n?.bitLength() ?? 0;
  if (!key || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
    throw new HttpError(400, 'CSR_INVALID', `The key must be RSA of ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits (got ${bits})`);
  }
  return key;
}

function checkSubject(subject: CertificateSubject): void {
  const bad = (s: string): boolean => s.trim().length === 0 || s.length > 64;
  if (bad(subject.organization) || bad(subject.commonName) || (subject.creditCode !== null && !/^[0-9A-Z]{18}$/.test(subject.creditCode))) {
    throw new RangeError('certificate subject: organization and name of 1–64 characters, an 18-character credit code');
  }
}
