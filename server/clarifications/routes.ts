import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireAuth, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentClarification, presentQuestion } from './present';
import { AskQuestionBody, PublishClarificationBody } from './schema';

/** /tenders/:id/questions and /tenders/:id/clarifications. */
export function clarificationsRouter({ clarifications }: Pick<AppContext, 'clarifications'>): Router {
  const r = Router();

  r.post('/tenders/:tenderId/questions', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { text } = parse(AskQuestionBody, req.body);
    const question = await clarifications.ask(actorOf(req), tenderId, text);
    res.status(201).json({ question: presentQuestion({ ...question, askerOrganizationName: null }, false) });
  });

  r.get('/tenders/:tenderId/questions', requireAuth, async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { questions, withAskers } = await clarifications.listQuestions(actorOf(req), tenderId);
    res.json({ items: questions.map((q) => presentQuestion(q, withAskers)) });
  });

  r.post('/tenders/:tenderId/clarifications', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const c = await clarifications.publish(actorOf(req), tenderId, parse(PublishClarificationBody, req.body));
    res.status(201).json({ clarification: presentClarification(c) });
  });

  r.get('/tenders/:tenderId/clarifications', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json({ items: (await clarifications.listClarifications(req.actor, tenderId)).map(presentClarification) });
  });

  return r;
}
