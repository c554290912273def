import { z } from 'zod';
import { EntityId, Sha256Hex, UtcTime, itemsOf, strict } from '../http/response-schema';

export const DocumentParams = z.object({
  tenderId: z.string().regex(/^[0-9A-Z]{26}$/, 'a tender id'),
  docId: z.string().regex(/^[0-9A-Z]{26}$/, 'a document id'),
});

/** The text fields of a document upload (multipart/form-data besides the `file` part). */
export const UploadDocumentFields = z
  .object({
    replaces: z.string().regex(/^[0-9A-Z]{26}$/, 'the id of the document this is a new version of').optional(),
  })
  .strict();
export type UploadDocumentFields = z.infer<typeof UploadDocumentFields>;

/** A document version as the API sends it (docs/api-contracts.md, Documents). */
export const DocumentResponse = strict({
  id: EntityId,
  name: z.string(),
  version: z.number().int().min(1),
  sha256: Sha256Hex,
  size: z.number().int().min(0),
  contentType: z.string(),
  uploadedAt: UtcTime,
  replacesId: EntityId.nullable(),
  current: z.boolean(),
});

/** POST /tenders/:id/documents. */
export const DocumentUploadResponse = strict({ document: DocumentResponse });

/** GET /tenders/:id/documents: every version. */
export const DocumentListResponse = itemsOf(DocumentResponse);
