import path from 'node:path';
import type { Knex } from 'knex';
import { createAuditService, type AuditService } from './audit';
import { createAuthService, createTokenService, type AuthService } from './auth';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { createDb } from './db';
import { createHealthService, type HealthService } from './health';
import { createMetrics, type Metrics } from './metrics';
import { createLogger, type Logger } from './logger';
import { loadOrCreateSecret } from './secrets';
import { createFsBlobStore, ensurePrivateDir, type BlobStore } from './storage';
import { createTenderService, type TenderService } from './tenders';
import { createDocumentService, type DocumentService } from './tenders';
import { createRegistrationService, isRegistered, type RegistrationService } from './registration';
import { createClarificationService, type ClarificationService } from './clarifications';
import { createNotificationService, type NotificationService } from './notifications';
import { createPkiService, type PkiService } from './pki';
import { createEventBus, type EventBus } from './realtime';
import { createBidService, type BidService } from './bids';
import { createOpeningService, type OpeningService } from './opening';
import { createBidDocuments, isCommitteeMember, listCommitteeMembers, createCommitteeService, createEvaluationService, createExpertService, type BidDocumentsService, type CommitteeService, type EvaluationService, type ExpertService } from './evaluation';
import { createAwardService, type AwardService } from './awards';
import { createRecordBuilder } from './record-sources';
import { createRecordService, createRecordSigning, type RecordService, type RecordSigning } from './records';
import { createOcdsService, markingOcdsChanges, type OcdsService } from './ocds';

/** Everything a running platform holds: built once by main.ts or by a test. */
export type AppContext = {
  config: Config;
  db: Knex;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  health: HealthService;
  storage: BlobStore;
  audit: AuditService;
  auth: AuthService;
  tenders: TenderService;
  documents: DocumentService;
  registration: RegistrationService;
  clarifications: ClarificationService;
  notifications: NotificationService;
  pki: PkiService;
  bids: BidService;
  bus: EventBus;
  opening: OpeningService;
  experts: ExpertService;
  committee: CommitteeService;
  evaluation: EvaluationService;
  bidDocuments: BidDocumentsService;
  awards: AwardService;
  records: RecordService;
  recordSigning: RecordSigning;
  ocds: OcdsService;
};

/** Wires the services; no I/O beyond opening the database and the blob folder. */
export function createContext(config: Config, overrides: { clock?: Clock; log?: Logger; db?: Knex } = {}): AppContext {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(config.logLevel);
  // DATA_DIR (database, blobs, keys) is the server user's alone: 0700 (issue 13 finding 13).
  ensurePrivateDir(config.dataDir);
  const db = overrides.db ?? createDb(config.database);
  const metrics = createMetrics();
  const health = createHealthService({ db, clock, redisUrl: config.redisUrl });
  const storage = createFsBlobStore(path.join(config.dataDir, 'blobs'));
  // Records read the lifecycle modules when they render, after this function returned them.
  const built: { ctx?: AppContext } = {};
  // Every public audited change of a tender also marks its OCDS releases for rebuilding, in the same transaction.
  const audit = markingOcdsChanges(createAuditService({ clock }), () => built.ctx?.ocds.changed());
  const tokens = createTokenService({
    secret: loadOrCreateSecret(config.dataDir, 'token-secret', config.tokenSecret),
    ttlSeconds: config.tokenTtlSeconds,
    now: () => clock.now(),
  });
  const auth = createAuthService({ db, clock, audit, tokens });
  const tenders = createTenderService({ db, clock, audit, storage, config, log: log.child({ module: 'tenders' }) });
  const documents = createDocumentService({ db, clock, audit, storage, config, tenders, isRegistered, isCommitteeMember });
  const registration = createRegistrationService({ db, clock, audit, tenders });
  const clarifications = createClarificationService({ db, clock, audit, config, tenders });
  const notifications = createNotificationService({ db, clock });
  const pki = createPkiService({ db, clock, audit, config, findUser: (id) => auth.getUser(id) });
  tenders.addPublishHook(pki.openingKeyHook());
  // Checkpoints of the audit chain are signed with the key that signs receipts (DESIGN §8).
  audit.useSigner(pki.platformSigner);
  const bus = createEventBus({ clock, onPublished: metrics.sessionEventPublished });
  // Sealed-bid uploads that ended (accepted or refused): records wait for uploads only while this grows.
  let bidUploadsEnded = 0;
  const records = createRecordService({
    db, clock, log: log.child({ module: 'records' }), audit, storage, tenders, isRegistered, isCommitteeMember,
    signer: { ...pki.platformSigner, chainPem: [pki.caCertificatePem] },
    trustedRootsPem: () => pki.trustedRootsPem(),
    publicUrl: config.publicUrl,
    build: createRecordBuilder(() => built.ctx as AppContext),
    // Receipts wait while sealed bids stream in: the render core is theirs during a deadline rush.
    isBusy: () => (built.ctx?.bids.uploadsInFlight() ?? 0) > 0,
    uploadProgress: () => bidUploadsEnded,
    // Who may sign an evaluation report after the platform: its committee members, with any certificate of theirs.
    memberCertificates: async (d, tenderId) =>
      (await Promise.all((await listCommitteeMembers(d, tenderId)).map(async (m) => (await pki.listCertificates(m.userId)).map((c) => ({ userId: m.userId, sha256: c.sha256 }))))).flat(),
  });
  const bids = createBidService({
    db, clock, audit, storage, config, log: log.child({ module: 'bids' }), tenders, pki, isRegistered, findAccount: (id) => auth.getUser(id), onSubmission: (o) => {
      bidUploadsEnded += 1;
      metrics.bidReceived(o);
    },
    records,
  });
  const recordSigning = createRecordSigning({
    db, clock, audit, storage,
    committeeMembers: async (d, tenderId) => (await listCommitteeMembers(d, tenderId)).map((m) => ({ userId: m.userId, name: m.displayName })),
    currentCertificatePem: async (userId, at) => (await pki.currentCertificate(userId, at))?.certPem,
    checkCertificate: (certPem, at) => pki.checkCertificate(certPem, at),
  });
  const opening = createOpeningService({
    db, clock, config, log: log.child({ module: 'opening' }), audit, bus, pki, storage, tenders, isRegistered, findAccount: (id) => auth.getUser(id), records,
  });
  const awards = createAwardService({ db, clock, audit, config, tenders, records });
  const experts = createExpertService({ db, clock, audit });
  const committee = createCommitteeService({ db, clock, audit, config, tenders });
  const evaluation = createEvaluationService({ db, clock, config, audit, bus, tenders, records });
  const bidDocuments = createBidDocuments({ db, audit, pki, storage, tenders });
  built.ctx = { config, db, clock, log, metrics, health, storage, audit, auth, tenders, documents, registration, clarifications, notifications, pki, bids, bus, opening, experts, committee, evaluation, bidDocuments, awards, records, recordSigning,
    ocds: createOcdsService({
      db, log: log.child({ module: 'ocds' }), clock, tenders, documents, clarifications, opening, awards, records,
      findAccount: (id) => auth.getUser(id), ocidPrefix: config.ocidPrefix, publicUrl: config.publicUrl,
    }),
  };
  return built.ctx;
}
