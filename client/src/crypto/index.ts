/**
 * Browser sealing (DESIGN §5): ZIP with bid.json → CMS SignedData → CMS AuthEnvelopedData
 * (AES-256-GCM; RSAES-OAEP-SHA256 to the opening certificate and the bidder's own) → DER.
 * Keys stay in this folder: nothing here sends or stores a private key.
 */
import { makeBidPackage, checkBidJson, type BidFile, type BidJson } from './bid-package';
import { sealBid } from './seal';
import { signBid } from './sign';
import type { LoadedIdentity } from './keys';
import type { Bytes } from './der';

export { makeBidPackage, checkBidJson, YUAN_2DP, BID_JSON, type BidFile, type BidJson } from './bid-package';
export { sealBid } from './seal';
export { signBid, signDetachedAttributes } from './sign';
export { generateKeyPair, makeCsr, makePkcs12, loadPkcs12, Pkcs12Error, type LoadedIdentity } from './keys';
export { parseCertificate, toPem, bytesToBase64, base64ToBytes } from './certificate';
export { unwrapContentKey, UnwrapError, type BidEnvelope } from './unwrap';

export type SealSteps = 'package' | 'sign' | 'seal';

/** The whole pipeline; throws when bid.json does not fit the tender. */
export async function buildSealedBid(opts: {
  tenderId: string;
  bidJson: BidJson;
  files: BidFile[];
  identity: Pick<LoadedIdentity, 'certPem' | 'signingKey'>;
  openingCertPem: string;
  signingTime?: Date;
  onStep?: (step: SealSteps) => void;
}): Promise<Bytes> {
  const problems = checkBidJson(opts.bidJson, opts.tenderId);
  if (problems.length > 0) {
    throw new Error(problems.join('; '));
  }
  opts.onStep?.('package');
  const zip = makeBidPackage(opts.bidJson, opts.files);
  opts.onStep?.('sign');
  const signed = await signBid(zip, opts.identity.certPem, opts.identity.signingKey, opts.signingTime ?? new Date());
  opts.onStep?.('seal');
  return sealBid(signed, [opts.openingCertPem, opts.identity.certPem]);
}
