import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireAuth, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { BidDocumentParams, BidParams, ChairVoteBody, ComplianceBody, FlagParams, MemberParams, ReasonBody, ResolveFlagBody, ScoresBody, SignBody } from './session-schema';

/** /tenders/:id/evaluation/… — the evaluation session over HTTP; its live side is the /evaluation namespace. */
export function evaluationRouter({ evaluation, bidDocuments }: Pick<AppContext, 'evaluation' | 'bidDocuments'>): Router {
  const r = Router();
  const member = requireRole('evaluator');

  r.get('/tenders/:tenderId/evaluation', requireAuth, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(await evaluation.view(actorOf(req), tenderId));
  });

  r.get('/tenders/:tenderId/evaluation/report', requireAuth, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(await evaluation.report(actorOf(req), tenderId));
  });

  // The decrypted documents of a valid bid, for the committee and supervisors (each read audited).
  r.get('/tenders/:tenderId/evaluation/bids/:bid/documents', requireRole('evaluator', 'supervisor'), async (req, res) => {
    const { tenderId, bid } = parse(BidParams, req.params);
    res.json({ items: await bidDocuments.list(actorOf(req), tenderId, bid) });
  });

  r.get('/tenders/:tenderId/evaluation/bids/:bid/documents/:name', requireRole('evaluator', 'supervisor'), async (req, res) => {
    const { tenderId, bid, name } = parse(BidDocumentParams, req.params);
    const doc = await bidDocuments.read(actorOf(req), tenderId, bid, name);
    res.attachment(doc.name);
    res.type('application/octet-stream').send(doc.data);
  });

  r.post('/tenders/:tenderId/evaluation/chair', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { userId } = parse(ChairVoteBody, req.body);
    res.json(await evaluation.voteChair(actorOf(req), tenderId, userId));
  });

  r.put('/tenders/:tenderId/evaluation/compliance', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { entries } = parse(ComplianceBody, req.body);
    res.json({ entries: await evaluation.putCompliance(actorOf(req), tenderId, entries) });
  });

  r.post('/tenders/:tenderId/evaluation/compliance/submit', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(await evaluation.submitCompliance(actorOf(req), tenderId));
  });

  r.put('/tenders/:tenderId/evaluation/scores', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { entries } = parse(ScoresBody, req.body);
    res.json({ entries: await evaluation.putScores(actorOf(req), tenderId, entries) });
  });

  r.post('/tenders/:tenderId/evaluation/scores/submit', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(await evaluation.submitScores(actorOf(req), tenderId));
  });

  r.post('/tenders/:tenderId/evaluation/scores/:memberId/return', member, async (req, res) => {
    const { tenderId, memberId } = parse(MemberParams, req.params);
    const { reason } = parse(ReasonBody, req.body);
    await evaluation.returnScores(actorOf(req), tenderId, memberId, reason);
    res.status(204).end();
  });

  r.post('/tenders/:tenderId/evaluation/flags/:flagId/resolve', member, async (req, res) => {
    const { tenderId, flagId } = parse(FlagParams, req.params);
    const { resolution, note } = parse(ResolveFlagBody, req.body);
    await evaluation.resolveFlag(actorOf(req), tenderId, flagId, resolution, note);
    res.status(204).end();
  });

  r.post('/tenders/:tenderId/evaluation/finalize', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    await evaluation.finalize(actorOf(req), tenderId);
    res.status(204).end();
  });

  r.post('/tenders/:tenderId/evaluation/reject-all', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { reason } = parse(ReasonBody, req.body);
    await evaluation.rejectAll(actorOf(req), tenderId, reason);
    res.status(204).end();
  });

  r.post('/tenders/:tenderId/evaluation/sign', member, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { agree, dissent } = parse(SignBody, req.body);
    res.json(await evaluation.sign(actorOf(req), tenderId, agree, dissent));
  });

  return r;
}
