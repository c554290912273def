import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A fresh RSA key and a CSR for it, with whatever subject the requester claims. */
export function makeCsr(claims: { cn?: string; o?: string } = {}, bits = 2048): { keyPem: string; csrPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([
    { shortName: 'CN', value: forge.util.encodeUtf8(claims.cn ?? 'Claimed Name'), valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'O', value: forge.util.encodeUtf8(claims.o ?? 'Claimed Org'), valueTagClass: forge.asn1.Type.UTF8 },
  ] as unknown as forge.pki.CertificateField[]);
  csr.sign(key, forge.md.sha256.create());
  return { keyPem, csrPem: forge.pki.certificationRequestToPem(csr) };
}

let sharedRootKey: forge.pki.rsa.KeyPair | undefined;
let rootSerial = 0;

/** A self-signed CA certificate, different each call (name, serial) but over one shared key: cheap. */
export function makeRootCertificate(commonName = '外部数字证书认证中心'): string {
  sharedRootKey ??= forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  rootSerial += 1;
  const cert = forge.pki.createCertificate();
  cert.publicKey = sharedRootKey.publicKey;
  cert.serialNumber = `0${rootSerial.toString(16)}`.padStart(4, '1');
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2036-01-01T00:00:00Z');
  const name = [{ shortName: 'CN', value: forge.util.encodeUtf8(`${commonName} ${rootSerial}`), valueTagClass: forge.asn1.Type.UTF8 }] as unknown as forge.pki.CertificateField[];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
  cert.sign(sharedRootKey.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
