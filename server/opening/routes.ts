import { Router } from 'express';
import type { AppContext } from '../context';
import { fromMs, fromMsOrNull } from '../db/convert';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentCommitmentList, presentObjection, presentSnapshot } from './present';
import { DecryptBody, ObjectionParams, PauseBody, TextBody } from './schema';

/** /tenders/:id/commitments and /tenders/:id/opening/… (the hall over HTTP; the socket namespace shares the service). */
export function openingRouter({ opening }: Pick<AppContext, 'opening'>): Router {
  const r = Router();

  r.get('/tenders/:tenderId/commitments', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { tender, commitments } = await opening.commitments(req.actor, tenderId);
    res.json(presentCommitmentList(tender, commitments));
  });

  r.get('/tenders/:tenderId/opening', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentSnapshot(await opening.snapshot(req.actor, tenderId)));
  });

  r.post('/tenders/:tenderId/opening/sign-in', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { signedInAt } = await opening.signIn(actorOf(req), tenderId);
    res.json({ signedInAt: fromMs(signedInAt) });
  });

  r.get('/tenders/:tenderId/opening/envelope', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(await opening.envelope(actorOf(req), tenderId));
  });

  r.post('/tenders/:tenderId/opening/decrypt', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { contentKey } = parse(DecryptBody, req.body);
    const v = await opening.decrypt(actorOf(req), tenderId, contentKey);
    res.json({ bid: { status: v.status, reason: v.reason, items: v.items, decryptedBy: v.decryptedBy } });
  });

  r.post('/tenders/:tenderId/opening/confirm', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { confirmedAt } = await opening.confirm(actorOf(req), tenderId);
    res.json({ confirmedAt: fromMs(confirmedAt) });
  });

  r.post('/tenders/:tenderId/opening/objections', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { text } = parse(TextBody, req.body);
    res.status(201).json({ objection: presentObjection(await opening.object(actorOf(req), tenderId, text)) });
  });

  r.post('/tenders/:tenderId/opening/objections/:objectionId/answer', requireRole('agency'), async (req, res) => {
    const { tenderId, objectionId } = parse(ObjectionParams, req.params);
    const { text } = parse(TextBody, req.body);
    res.json({ objection: presentObjection(await opening.answer(actorOf(req), tenderId, objectionId, text)) });
  });

  r.post('/tenders/:tenderId/opening/pause', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { reason } = parse(PauseBody, req.body);
    const session = await opening.pause(actorOf(req), tenderId, reason);
    res.json({ pausedAt: fromMsOrNull(session.pausedAt), pauseReason: session.pauseReason });
  });

  r.post('/tenders/:tenderId/opening/resume', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const s = await opening.resume(actorOf(req), tenderId);
    res.json({ decryptionEndsAt: fromMsOrNull(s.decryptionEndsAt), confirmationEndsAt: fromMsOrNull(s.confirmationEndsAt) });
  });

  return r;
}
