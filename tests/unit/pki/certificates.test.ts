import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import {
  createCa, issueCertificate, issueOpeningCertificate, loadOrCreateDevCa, verifyCertificateChain, type Ca, type CertificateSubject,
} from '../../../server/pki';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const SUBJECT: CertificateSubject = { organization: '杭州示例建设有限公司', creditCode: '91330100MA27XL0E2K', commonName: '张三' };

function csrFor(bits: number, claims: { cn: string; o: string }): { csrPem: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([
    { shortName: 'CN', value: claims.cn },
    { shortName: 'O', value: claims.o },
  ]);
  csr.sign(key, forge.md.sha256.create());
  return { csrPem: forge.pki.certificationRequestToPem(csr), keyPem };
}

let ca: Ca;
beforeAll(() => {
  ca = createCa({ now: NOW });
});

describe('createCa', () => {
  it('makes a self-signed RSA 3072 CA with CA:true, keyCertSign and cRLSign', () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: ca.certPem }).toString();
    expect(text).toMatch(/CA:TRUE/);
    expect(text).toMatch(/Certificate Sign, CRL Sign/);
  });
});

describe('issueCertificate', () => {
  it('ignores the subject the CSR claims and writes the account subject in UTF-8', () => {
    const { csrPem } = csrFor(2048, { cn: 'Admin', o: 'Someone Else Ltd' });
    const issued = issueCertificate({ ca, csrPem, subject: SUBJECT, validityDays: 730, serial: '7a01', now: NOW });
    const x = new X509Certificate(issued.certPem);
    expect(x.subject).toContain('O=杭州示例建设有限公司');
    expect(x.subject).toContain('CN=张三');
    expect(x.subject).toContain('serialNumber=91330100MA27XL0E2K');
    expect(x.subject).not.toMatch(/Admin|Someone Else/);
    expect(x.serialNumber.toLowerCase()).toBe('7a01');
    const text = execFileSync('openssl', ['x509', '-noout', '-text', '-nameopt', 'utf8'], { input: issued.certPem }).toString();
    expect(text).toContain('O=杭州示例建设有限公司, serialNumber=91330100MA27XL0E2K, CN=张三');
    expect(text).toMatch(/Digital Signature, Non Repudiation, Key Encipherment/);
    expect(text).toMatch(/E-mail Protection, TLS Web Client Authentication/);
    expect(text).toMatch(/X509v3 Subject Key Identifier/);
    expect(text).toMatch(/X509v3 Authority Key Identifier/);
    expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
  });

  it('keeps a serial with the high bit set positive', () => {
    const { csrPem } = csrFor(2048, { cn: 'x', o: 'y' });
    const issued = issueCertificate({ ca, csrPem, subject: SUBJECT, validityDays: 30, serial: 'ff01', now: NOW });
    expect(new X509Certificate(issued.certPem).serialNumber.toLowerCase()).toBe('ff01');
  });

  it('refuses a weak RSA 1024 CSR', () => {
    const { csrPem } = csrFor(1024, { cn: 'x', o: 'y' });
    expect(() => issueCertificate({ ca, csrPem, subject: SUBJECT, validityDays: 365, now: NOW })).toThrow(
      expect.objectContaining({ code: 'CSR_INVALID', status: 400 }),
    );
  });

  it('refuses a CSR whose self-signature does not verify', () => {
    const { csrPem } = csrFor(2048, { cn: 'x', o: 'y' });
    const der = Buffer.from(forge.util.decode64(csrPem.replace(/-----[^-]+-----|\s/g, '')), 'binary');
    der[der.length - 5] ^= 0x01; // inside the signature
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(() => issueCertificate({ ca, csrPem: tampered, subject: SUBJECT, validityDays: 365, now: NOW })).toThrow(
      expect.objectContaining({ code: 'CSR_INVALID' }),
    );
    expect(() => issueCertificate({ ca, csrPem: 'garbage', subject: SUBJECT, validityDays: 365, now: NOW })).toThrow(
      expect.objectContaining({ code: 'CSR_INVALID' }),
    );
  });

  it('refuses a validity over two years', () => {
    const { csrPem } = csrFor(2048, { cn: 'x', o: 'y' });
    expect(() => issueCertificate({ ca, csrPem, subject: SUBJECT, validityDays: 731, now: NOW })).toThrow(
      expect.objectContaining({ code: 'CSR_INVALID' }),
    );
  });
});

describe('verifyCertificateChain', () => {
  let certPem: string;
  beforeAll(() => {
    certPem = issueCertificate({ ca, csrPem: csrFor(2048, { cn: 'x', o: 'y' }).csrPem, subject: SUBJECT, validityDays: 10, now: NOW }).certPem;
  });

  it('accepts a certificate within its validity from a trusted CA', () => {
    expect(verifyCertificateChain(certPem, [ca.certPem], new Date(NOW.getTime() + 86_400_000))).toMatchObject({ valid: true });
  });

  it('refuses an expired certificate, and one not yet valid, with the reason', () => {
    expect(verifyCertificateChain(certPem, [ca.certPem], new Date(NOW.getTime() + 11 * 86_400_000))).toMatchObject({ valid: false, reason: 'expired' });
    expect(verifyCertificateChain(certPem, [ca.certPem], new Date(NOW.getTime() - 1000))).toMatchObject({ valid: false, reason: 'not-yet-valid' });
  });

  it('refuses a certificate from an untrusted CA', () => {
    const other = createCa({ commonName: 'Other CA', now: NOW });
    expect(verifyCertificateChain(certPem, [other.certPem], NOW)).toMatchObject({ valid: false, reason: 'untrusted-issuer' });
  });

  it('refuses a certificate whose signature is not the CA’s', () => {
    // Same subject and key identifier as the CA, different key: names match, signature does not.
    const forged = forge.pki.certificateFromPem(certPem);
    const impostor = createCa({ now: NOW });
    forged.sign(impostor.key, forge.md.sha256.create());
    expect(verifyCertificateChain(forge.pki.certificateToPem(forged), [ca.certPem], NOW)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });
});

describe('issueOpeningCertificate', () => {
  it('makes an RSA 3072 key pair with a keyEncipherment certificate naming the tender', () => {
    const opening = issueOpeningCertificate(ca, { id: '01JTENDER00000000000000000', code: 'ZJ-2026-001' }, NOW);
    const x = new X509Certificate(opening.certPem);
    expect(x.subject).toContain('CN=Opening key ZJ-2026-001');
    expect(x.subject).toContain('OU=01JTENDER00000000000000000');
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(x.checkPrivateKey(require('node:crypto').createPrivateKey(opening.keyPem))).toBe(true);
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: opening.certPem }).toString();
    expect(text).toMatch(/Key Usage: critical\s+Key Encipherment/);
    expect(verifyCertificateChain(opening.certPem, [ca.certPem], NOW)).toMatchObject({ valid: true });
  });
});

describe('loadOrCreateDevCa', () => {
  it('creates the CA once in DATA_DIR/ca with a 0600 key, then loads the same one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-ca-'));
    try {
      const first = loadOrCreateDevCa(dir, NOW);
      expect(fs.statSync(path.join(dir, 'ca', 'ca.key')).mode & 0o777).toBe(0o600);
      const second = loadOrCreateDevCa(dir, NOW);
      expect(second.certPem).toBe(first.certPem);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
