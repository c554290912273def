/** Signed PDF records (DESIGN §7): render a record model to PDF, sign it (platform, members in turn), verify any PDF. */
export type { RecordDocument, Block, Heading, Paragraph, KeyValues, Table, TableColumn, PageBreak, RecordKind } from './model';
export { RECORD_KINDS } from './model';
export { renderRecord, type RenderOptions } from './render';
export { loadRecordFont, DEFAULT_FONT_FILE, type RecordFont } from './font';
export { prepareSignature, embedSignature, signPdf, byteRangeDigest, SignatureEmbedError, DEFAULT_RESERVED_BYTES, type SignatureInfo, type PreparedSignature } from './sign';
export { signDigest, signedAttributesFor, signAttributes, assembleSignedData, type CmsSigner } from './cms';
export { verifyRecordPdf, MAX_SIGNATURES, MAX_CONTENTS_HEX, type RecordVerification, type SignatureReport, type VerifyOptions } from './verify';
export { VERIFY_REASONS, type VerifyReason } from './verify-reasons';
export { checkAddedSignatures } from './verify-updates';
export { createVerifyPool, VERIFY_WORKER_ENTRY, type Verifier, type VerifyPoolOptions } from './verify-pool';
export { RecordResponse, RecordListResponse, SigningStatusResponse, PreparationResponse, RecordVerificationResponse } from './schema';
export { issueRecord, type IssuedRecord } from './issue';
export { createRenderPool, defaultRenderPoolSize, RENDER_WORKER_ENTRY, type Renderer, type RenderPoolOptions } from './render-pool';
import type { RecordService } from './service';
export { createRecordService, type RecordService, type RequestRecord, type BuildRecord, type RecordFrame, type RecordVerificationAnswer, type VerifiedRecord } from './service';
export { recordsRouter, EmbedSignatureBody } from './routes';
export { createRecordSigning, type RecordSigning, type SigningStatus, type Preparation } from './signing';
export type { RecordRow, Audience } from './store';
/** What a step needs to call for its record (in its own transaction). */
export type RecordRequester = Pick<RecordService, 'request'>;
/** What the bids module needs: request a receipt, find the bidder's issued receipts. */
export type ReceiptRecords = Pick<RecordService, 'request' | 'findIssued'>;
export { RecordParams } from './routes';
