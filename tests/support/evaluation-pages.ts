/// <reference lib="dom" />
/** Page steps of the committee and the evaluation room (评标室) that the browser tests share. */
import type { Page } from 'playwright-core';
import { confirmVia } from './journey-pages';

/** Waits for the room's stage badge to show the stage. */
export const evalStage = (p: Page, s: string) => p.locator(`[data-testid=eval-stage][data-stage=${s}]`).waitFor();

/** Clicks away from an input so that the scoring form takes the typed value. */
export const blur = (p: Page) => p.locator('body').click({ position: { x: 5, y: 5 } });

/**
 * On the agency's award page of an opened tender: fills the committee form (size, one specialty,
 * reserves) and draws; returns the members' user ids in seat order as the page lists them.
 */
export async function drawCommittee(ap: Page, awardUrl: string, c: { size: number; specialty: string; reserves: number }): Promise<string[]> {
  await ap.goto(awardUrl);
  await ap.getByTestId('committee-form').waitFor();
  await ap.getByTestId('committee-size').fill(String(c.size));
  await ap.getByTestId('committee-specialties').click();
  await ap.keyboard.type(c.specialty);
  await ap.keyboard.press('Enter');
  await ap.keyboard.press('Escape');
  await ap.getByTestId('committee-reserves').fill(String(c.reserves));
  await ap.getByTestId('committee-draw').click();
  await ap.getByTestId('committee-view').waitFor();
  const rows = ap.locator('[data-testid^=committee-member-]');
  return rows.evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace('committee-member-', '')));
}

/** Compliance (符合性审查): the member passes every bid, saves the draft and submits (locked, or the room moved on). */
export async function passCompliance(p: Page): Promise<void> {
  await p.getByTestId('compliance-pass-all').click();
  await p.getByTestId('compliance-save').click();
  await p.getByText('已保存').first().waitFor();
  await confirmVia(p.getByTestId('compliance-submit'), p.locator('[data-testid=compliance-locked], [data-testid=eval-stage][data-stage=scoring]'));
}

/** Scoring: types the member's 技术方案 and 商务 scores for each bid (by the first 8 hex digits of its commitment). */
export async function fillScores(p: Page, scores: Record<string, { technical: number; commercial: number }>): Promise<void> {
  for (const [b, s] of Object.entries(scores)) {
    await p.getByTestId(`score-${b}-technical`).fill(String(s.technical));
    await p.getByTestId(`score-${b}-commercial`).fill(String(s.commercial));
  }
  await blur(p);
}

/** Saves the member's scores and submits them (locked, or the room moved to review). */
export async function submitScores(p: Page): Promise<void> {
  await p.getByTestId('scores-save').click();
  await p.getByText('已保存').first().waitFor();
  await confirmVia(p.getByTestId('scores-submit'), p.locator('[data-testid=scores-locked], [data-testid=eval-stage][data-stage=review]'));
}

/** Signing stage: the member states its agreement with the report (signed, or the room is done). */
export async function agreeToReport(p: Page): Promise<void> {
  await p.getByTestId('sign-agree').click();
  await confirmVia(p.getByTestId('sign-submit'), p.locator('[data-testid=sign-done], [data-testid=eval-stage][data-stage=done]'));
}

/**
 * 评标报告电子签名 in the room once it is done: the member picks its PKCS#12 in the card's upload,
 * types the password and signs; waits until the card lists the member as signed (已签名).
 */
export async function signReportPdf(p: Page, memberId: string, p12: { name: string; buffer: Buffer }, password: string): Promise<void> {
  const card = p.getByTestId('report-pdf-sign');
  await card.getByTestId('report-sign-submit').waitFor({ timeout: 60_000 }); // the PDF is issued by the records worker
  await card.locator('[data-testid=report-sign-p12] input[type=file], input[type=file][data-testid=report-sign-p12]').first().setInputFiles({ name: p12.name, mimeType: 'application/x-pkcs12', buffer: p12.buffer });
  await card.getByTestId('report-sign-password').fill(password);
  await card.getByTestId('report-sign-submit').click();
  await card.getByTestId(`report-signer-${memberId}`).filter({ hasText: '已签名' }).waitFor({ timeout: 60_000 });
}
