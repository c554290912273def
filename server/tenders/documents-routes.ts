import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { readSingleFileForm } from './documents-form';
import { presentDocument } from './documents-present';
import { DocumentParams, UploadDocumentFields } from './documents-schema';
import { TenderParams } from './schema';

/** /tenders/:id/documents: upload (multipart, streamed), list, download. */
export function documentsRouter({ documents }: Pick<AppContext, 'documents'>): Router {
  const r = Router();

  r.post('/tenders/:tenderId/documents', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const actor = actorOf(req);
    await documents.assertCanUpload(actor, tenderId);
    const doc = await readSingleFileForm(req, 'file', (file, fields) =>
      documents.upload(actor, tenderId, file, async () => parse(UploadDocumentFields, await fields())),
    );
    res.status(201).json({ document: presentDocument(doc) });
  });

  r.get('/tenders/:tenderId/documents', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json({ items: (await documents.list(req.actor, tenderId)).map(presentDocument) });
  });

  r.get('/tenders/:tenderId/documents/:docId', async (req, res) => {
    const { tenderId, docId } = parse(DocumentParams, req.params);
    const { document, stream } = await documents.open(req.actor, tenderId, docId);
    res.attachment(document.name); // RFC 6266 with an RFC 5987 filename* for non-ASCII names
    res.set({ 'Content-Type': document.contentType, 'Content-Length': String(document.size), ETag: `"${document.sha256}"` });
    await pipeline(stream, res);
  });

  return r;
}
