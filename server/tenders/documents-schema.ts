import { z } from 'zod';

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
