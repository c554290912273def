import type { Award, AwardService, Publicity } from '../awards';
import type { ClarificationService } from '../clarifications';
import { HttpError } from '../http/errors';
import type { OpeningService } from '../opening';
import type { RecordRow, RecordService } from '../records';
import { isPastOpening, type DocumentService, type Tender, type TenderService } from '../tenders';

type Clarification = Awaited<ReturnType<ClarificationService['listClarifications']>>[number];
type ListedDocument = Awaited<ReturnType<DocumentService['list']>>[number];
type Snapshot = Awaited<ReturnType<OpeningService['snapshot']>>;

/** What the opening made public: the bids in force (commitments) and each bid as read out (唱标). */
export type OpeningFacts = {
  endedAt: number | null;
  commitments: Snapshot['commitments'];
  bids: Snapshot['bids'];
};

/** Everything the export knows of one tender, read through the public (actor-less) views of each module. */
export type TenderFacts = {
  tender: Tender;
  agency: { name: string; creditCode: string | null };
  documents: ListedDocument[];
  clarifications: Clarification[];
  /** null until the bid deadline passed and the bids were sealed: nothing about bidders before that */
  opening: OpeningFacts | null;
  publicity: Publicity | null;
  award: Award | null;
  records: RecordRow[];
};

export type FactsDeps = {
  tenders: TenderService;
  documents: DocumentService;
  clarifications: ClarificationService;
  opening: OpeningService;
  awards: AwardService;
  records: RecordService;
  findAccount: (userId: string) => Promise<{ organizationName: string | null; creditCode: string | null } | undefined>;
};

/**
 * Reads one tender as the public may see it: every read goes through the owning module's own view
 * for an anonymous caller (actor null), so the export can show nothing the public API does not.
 * Drafts are 404 there, hence here.
 */
export async function readTenderFacts(deps: FactsDeps, tenderId: string): Promise<TenderFacts> {
  const tender = await deps.tenders.getForActor(null, tenderId);
  const owner = await deps.findAccount(tender.ownerId);
  const sealed = tender.sealedAt !== null && isPastOpening(tender);
  const [documents, clarifications, snapshot, publicity, award, records] = await Promise.all([
    orNone(deps.documents.list(null, tenderId), []),
    deps.clarifications.listClarifications(null, tenderId),
    sealed ? deps.opening.snapshot(null, tenderId) : null,
    orNone(deps.awards.publicity(null, tenderId).then((v) => v.publicity), null),
    orNone(deps.awards.getAward(null, tenderId), null),
    deps.records.list(null, tenderId),
  ]);
  return {
    tender,
    agency: { name: tender.ownerOrganizationName ?? owner?.organizationName ?? '招标人', creditCode: owner?.creditCode ?? null },
    documents,
    clarifications,
    opening: snapshot ? { endedAt: snapshot.session?.endedAt ?? null, commitments: snapshot.commitments, bids: snapshot.bids } : null,
    publicity,
    award,
    records,
  };
}

/** A view the public may not read (401/403: documents for registered bidders only) or that does not exist yet (404) is simply absent. */
async function orNone<T>(p: Promise<T>, none: T): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof HttpError && (err.status === 401 || err.status === 403 || err.status === 404)) {
      return none;
    }
    throw err;
  }
}
