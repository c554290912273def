import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { fromMs, fromMsOrNull } from '../db/convert';
import { actorOf, requireRole } from '../http/auth';
import { HttpError } from '../http/errors';
import { perAddressLimit } from '../http/rate-limit';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import type { RecordRow } from './store';

export const RecordParams = z.object({ recordId: z.string().regex(/^[0-9A-Z]{26}$/, 'a record id') });

/** POST /records/:recordId/signatures: a member's detached CMS (DER, base64) over the digest of its preparation. */
export const EmbedSignatureBody = z.strictObject({
  preparationId: z.string().regex(/^[0-9A-Z]{26}$/, 'a preparation id'),
  cms: z.base64().min(16).max(64 * 1024),
});


/** A signed record PDF brought for verification (the biggest record is a few MB). */
const MAX_VERIFY_BYTES = 50 * 1024 * 1024;
/** Verifications per address per minute by default (VERIFY_RATE_LIMIT): each may hash up to 50 MB in the verify thread. */
const VERIFY_LIMIT = { windowMs: 60_000, limit: 20, what: 'record verifications' };

/** /tenders/:id/records, /records/:id/pdf and /records/verify (DESIGN §7). */
export function recordsRouter({ records, recordSigning, config }: Pick<AppContext, 'records' | 'recordSigning' | 'config'>): Router {
  const r = Router();
  // Anonymous and expensive: limited per address before the body is read (each app counts its own).
  const verifyLimit = perAddressLimit({ ...VERIFY_LIMIT, limit: config.verifyRateLimit });

  r.get('/tenders/:tenderId/records', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json({ items: (await records.list(req.actor, tenderId)).map(presentRecord) });
  });

  r.get('/records/:recordId/pdf', async (req, res) => {
    const { recordId } = parse(RecordParams, req.params);
    const { record, data } = await records.pdf(req.actor, recordId);
    res.attachment(`${record.kind}-${record.id}.pdf`);
    res.type('application/pdf').send(data);
  });

  // The evaluation report signed in turn by every committee member, each with its own key (DESIGN §7).
  r.get('/records/:recordId/signatures', requireRole('evaluator'), async (req, res) => {
    const { recordId } = parse(RecordParams, req.params);
    res.json(await recordSigning.status(actorOf(req), recordId));
  });

  r.post('/records/:recordId/signatures/prepare', requireRole('evaluator'), async (req, res) => {
    const { recordId } = parse(RecordParams, req.params);
    res.status(201).json(await recordSigning.prepare(actorOf(req), recordId));
  });

  r.post('/records/:recordId/signatures', requireRole('evaluator'), async (req, res) => {
    const { recordId } = parse(RecordParams, req.params);
    const { preparationId, cms } = parse(EmbedSignatureBody, req.body);
    res.status(201).json(presentRecord(await recordSigning.embed(actorOf(req), recordId, preparationId, Buffer.from(cms, 'base64'))));
  });

  r.post('/records/verify', verifyLimit, express.raw({ type: () => true, limit: MAX_VERIFY_BYTES }), async (req, res) => {
    const body = req.body as unknown;
    if (!Buffer.isBuffer(body) || body.length === 0 || body.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new HttpError(400, 'VALIDATION', 'Send the PDF itself as the request body (Content-Type: application/pdf)', [{ path: '(body)', message: 'not a PDF' }]);
    }
    res.json(await records.verify(body));
  });

  return r;
}

/** A tender's record list item (DESIGN §7). */
export function presentRecord(r: RecordRow) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    sha256: r.sha256,
    size: r.size,
    createdAt: fromMs(r.createdAt),
    issuedAt: fromMsOrNull(r.issuedAt),
    signers: r.signers.map((s) => ({ name: s.name, role: s.role, userId: s.userId ?? null, signedAt: fromMs(s.signedAt) })),
  };
}
