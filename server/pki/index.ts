/** Platform PKI (DESIGN §5): the CA, user and opening certificates, chain checks, key wrapping. */
export { createCa, loadCa, loadOrCreateDevCa, writeCaFiles, newSerialNumber, generateRsaKeyPair, type Ca } from './ca';
export { issueCertificate, issueOpeningCertificate, issuePlatformSigningCertificate, MAX_VALIDITY_DAYS, type CertificateSubject, type IssuedCertificate } from './certificates';
export { verifyCertificateChain, assertCertificateChain, type ChainResult, type ChainFailure } from './chain';
export { encryptPrivateKey, decryptPrivateKey, unwrapOpeningKey, parseKeyEncryptionKey } from './key-wrap';
export { createPkiService, fingerprint, type PkiService, type CertificateCheck } from './service';
export { pkiRouter } from './routes';
export { rsaKey } from './platform';
export {
  EnrollBody, ImportBody, RevokeBody, TrustedRootBody, CertificateParams, RootParams,
  CertificateResponse, CertificateListResponse, TrustedRootResponse, CaResponse,
} from './schema';
