import type { Readable } from 'node:stream';
import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db } from '../db';
import { HttpError, conflict, forbidden, notFound, unauthenticated } from '../http/errors';
import { newId } from '../ids';
import { keepBlobIf, type BlobStore } from '../storage';
import type { IncomingFile } from './documents-form';
import { sanitizeContentType, sanitizeFileName } from './documents-names';
import { canReadDocumentsUnregistered, canUploadDocuments } from './documents-policy';
import type { UploadDocumentFields } from './documents-schema';
import * as docs from './documents-store';
import type { TenderDocument } from './documents-store';
import type { TenderService } from './service';
import type { Tender } from './store';

/** Injected by the context: the registration module sits above tenders, so it is not imported. */
export type IsRegistered = (db: Db, tenderId: string, bidderId: string) => Promise<boolean>;

export type DocumentDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  storage: BlobStore;
  config: Config;
  tenders: TenderService;
  isRegistered: IsRegistered;
  /** Members of the tender's evaluation committee read its documents too (they evaluate against them). */
  isCommitteeMember?: IsRegistered;
};

export type DocumentService = ReturnType<typeof createDocumentService>;

/** A document version with whether it is the latest of its chain. */
export type ListedDocument = TenderDocument & { current: boolean };

/** Tender documents (招标文件): streamed upload into the blob store, versions, list, download. */
export function createDocumentService({ db, clock, audit, storage, config, tenders, isRegistered, isCommitteeMember }: DocumentDeps) {
  return { assertCanUpload, upload, list, open };

  /** Refuses early (before the body is read) what upload would refuse at the end. */
  async function assertCanUpload(actor: Actor, tenderId: string): Promise<void> {
    checkUploadWindow(await tenders.requireOwned(actor, tenderId));
  }

  /**
   * Streams the file into the blob store (limit: config.maxDocumentBytes), then records it.
   * Any failure after the blob is stored removes it: no row and no blob, or both.
   */
  async function upload(actor: Actor, tenderId: string, file: IncomingFile, fields: () => Promise<UploadDocumentFields>): Promise<ListedDocument> {
    const blob = await storage.putStream(file.stream, { maxBytes: config.maxDocumentBytes, tooLargeCode: 'DOCUMENT_TOO_LARGE' });
    return keepBlobIf(storage, blob, async () => {
      const { replaces } = await fields();
      return inTransaction(db, async (trx) => {
        const t = await tenders.requireOwned(actor, tenderId, trx, true);
        checkUploadWindow(t);
        const previous = replaces ? await requireReplaceable(trx, tenderId, replaces) : undefined;
        const id = newId();
        const doc: TenderDocument = {
          id,
          tenderId,
          chainId: previous?.chainId ?? id,
          version: (previous?.version ?? 0) + 1,
          replacesId: previous?.id ?? null,
          name: sanitizeFileName(file.fileName),
          contentType: sanitizeContentType(file.contentType),
          blobKey: blob.key,
          sha256: blob.sha256,
          size: blob.size,
          uploadedBy: actor.id,
          uploadedAt: clock.now().getTime(),
        };
        await docs.insertDocument(trx, doc);
        const { blobKey: _key, uploadedBy: _by, ...payload } = doc;
        await audit.append(trx, { actor, tenderId, action: 'document.uploaded', payload });
        return { ...doc, current: true };
      });
    });
  }

  /** Every version of every document, for those who may read them. */
  async function list(actor: Actor | null, tenderId: string): Promise<ListedDocument[]> {
    await requireReader(actor, tenderId);
    return withCurrent(await docs.listDocuments(db, tenderId));
  }

  /** One document and its bytes, for those who may read them. */
  async function open(actor: Actor | null, tenderId: string, docId: string): Promise<{ document: TenderDocument; stream: Readable }> {
    await requireReader(actor, tenderId);
    const document = await docs.findDocument(db, tenderId, docId);
    if (!document) {
      throw notFound('document');
    }
    return { document, stream: storage.read(document.blobKey) };
  }

  function checkUploadWindow(t: Tender): void {
    if (!canUploadDocuments(t, clock.now().getTime())) {
      throw conflict('INVALID_STATE', 'Documents can be uploaded to a draft, or to a published tender before its bid deadline');
    }
  }

  async function requireReplaceable(trx: Db, tenderId: string, replaces: string): Promise<TenderDocument> {
    const previous = await docs.findDocument(trx, tenderId, replaces);
    if (!previous) {
      throw new HttpError(400, 'VALIDATION', 'replaces names no document of this tender', [{ path: 'replaces', message: 'no such document' }]);
    }
    if ((await docs.latestVersion(trx, previous.chainId)) !== previous.version) {
      throw conflict('INVALID_STATE', 'That document has already been replaced; replace its latest version');
    }
    return previous;
  }

  async function requireReader(actor: Actor | null, tenderId: string): Promise<Tender> {
    const t = await tenders.getForActor(actor, tenderId);
    if (canReadDocumentsUnregistered(actor, t)) {
      return t;
    }
    if (!actor) {
      throw unauthenticated('Sign in and register for the tender to read its documents');
    }
    if (actor.role === 'evaluator' && (await isCommitteeMember?.(db, tenderId, actor.id))) {
      return t;
    }
    if (actor.role !== 'bidder') {
      throw forbidden('The tender documents are for registered bidders');
    }
    if (!(await isRegistered(db, tenderId, actor.id))) {
      throw new HttpError(403, 'NOT_REGISTERED', 'Register for the tender to read its documents');
    }
    return t;
  }
}

function withCurrent(all: TenderDocument[]): ListedDocument[] {
  const latest = new Map<string, number>();
  for (const d of all) {
    latest.set(d.chainId, Math.max(latest.get(d.chainId) ?? 0, d.version));
  }
  return all.map((d) => ({ ...d, current: latest.get(d.chainId) === d.version }));
}
