// API shapes as docs/api-contracts.md and DESIGN §9 describe them.

export type Role = 'bidder' | 'agency' | 'evaluator' | 'supervisor' | 'admin';

export type User = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: 'active' | 'pending' | 'disabled';
  organization: { id: string; name: string; creditCode: string } | null;
  createdAt: string;
};

export const TENDER_STATUSES = ['draft', 'published', 'opening', 'opened', 'evaluating', 'evaluated', 'publicity', 'awarded', 'failed', 'cancelled'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];
export const CATEGORIES = ['construction', 'goods', 'services', 'land', 'property'] as const;
export type Category = (typeof CATEGORIES)[number];
export const PROCUREMENT_METHODS = ['open', 'invited', 'competitive_negotiation', 'inquiry'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const CRITERION_KINDS = ['price', 'subjective', 'objective'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export type Criterion = { key: string; name: string; kind: CriterionKind; weight: string };

/** The writable fields of a tender (POST /api/tenders, PATCH /api/tenders/:id). */
export type TenderInput = {
  title: string;
  code: string;
  projectCode: string | null;
  description: string;
  category: Category;
  procurementMethod: ProcurementMethod;
  budget: string;
  currency: 'CNY';
  registrationDeadline: string;
  bidDeadline: string;
  openingMode: 'platform' | 'bidder';
  decryptionWindowMinutes: number;
  undecryptedBids: 'backup' | 'invalid';
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: Criterion[];
  openingItems: string[];
  documentsPublic: boolean;
};

export type Tender = TenderInput & {
  id: string;
  status: TenderStatus;
  agency: { organizationName: string | null };
  ruleSet: string | null;
  publishedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export type TenderDocument = {
  id: string;
  name: string;
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  uploadedAt: string;
  replacesId: string | null;
  current: boolean;
};

export type Registration = { tenderId: string; registeredAt: string };
export type MyRegistration = Registration & { tender: Pick<Tender, 'id' | 'title' | 'code' | 'status' | 'bidDeadline'> };

export type Question = { id: string; text: string; askedAt: string; answeredBy: string | null; askedBy?: unknown };

export type Clarification = {
  id: string;
  title: string;
  body: string;
  affectsBids: boolean;
  questionIds: string[];
  previousBidDeadline: string | null;
  newBidDeadline: string | null;
  publishedAt: string;
};

export type Notification = { id: string; tenderId: string; kind: 'clarification' | 'award_notice' | 'result_notice'; title: string; createdAt: string; readAt: string | null };

/** GET /api/certs items (docs/api-contracts.md "Certificates"). */
export type Certificate = {
  id: string;
  serialNumber: string;
  subject: string;
  certificate: string;
  chain: string[];
  sha256: string;
  notBefore: string;
  notAfter: string;
  status: 'valid' | 'revoked';
  revokedAt: string | null;
  revokedReason: string | null;
  createdAt: string;
};

export type TrustedRoot = { id: string; name: string; certificate: string; sha256: string; addedAt: string };

/** The signed receipt (回执); the signature covers JSON.stringify(receipt) with the keys in this order. */
export type Receipt = {
  receiptId: string;
  tenderId: string;
  tenderCode: string;
  bidderId: string;
  organizationName: string | null;
  creditCode: string | null;
  bidId: string;
  version: number;
  sha256: string;
  size: number;
  receivedAt: string;
};

export type SignedReceipt = { receipt: Receipt; signature: string };

export type MyBid = {
  bidId: string;
  version: number;
  status: 'submitted' | 'withdrawn';
  sha256: string;
  size: number;
  receivedAt: string;
  withdrawnAt: string | null;
  receipt: Receipt;
  signature: string;
  /** The signed receipt PDF (投标回执) of this version: a record id once issued, null until then. */
  receiptRecordId: string | null;
};

/** A member of the caller's organization (GET /api/org/members); administrator marks its first account. */
export type OrgMember = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'status' | 'createdAt'> & { administrator: boolean };
