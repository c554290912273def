/** The award pages' pure view rules (client/src/awards/award-view.ts). */
import type { PublicityObjection } from '../../../client/src/awards/awards-api';
import {
  agencyStep, awardBlocker, hasAwardWorkspace, hasCommittee, hasResults, isObjectionOpen, isReasonRequired, toAwardInput, unansweredObjections,
} from '../../../client/src/awards/award-view';
import { TENDER_STATUSES } from '../../../client/src/api/types';

function objection(id: string, answered: boolean): PublicityObjection {
  return { id, text: '报价异常', raisedAt: '2026-11-20T01:00:00.000Z', answer: answered ? '已复核' : null, answeredAt: answered ? '2026-11-20T02:00:00.000Z' : null };
}

describe('agencyStep', () => {
  it('maps each status after the opening to its panel', () => {
    expect(agencyStep('opened')).toBe('draw');
    expect(agencyStep('evaluating')).toBe('evaluating');
    expect(agencyStep('evaluated')).toBe('publish');
    expect(agencyStep('publicity')).toBe('publicity');
    expect(agencyStep('awarded')).toBe('awarded');
    expect(agencyStep('failed')).toBe('failed');
    expect(agencyStep('cancelled')).toBe('cancelled');
  });

  it('shows nothing to do before the opening has ended', () => {
    for (const s of ['draft', 'published', 'opening'] as const) {
      expect(agencyStep(s)).toBe('notYet');
      expect(hasAwardWorkspace(s)).toBe(false);
    }
  });

  it('offers the workspace from opened on, but not for a cancelled tender', () => {
    expect(TENDER_STATUSES.filter(hasAwardWorkspace)).toEqual(['opened', 'evaluating', 'evaluated', 'publicity', 'awarded', 'failed']);
  });
});

describe('hasCommittee and hasResults', () => {
  it('knows a committee exists once drawn (evaluating and after)', () => {
    expect(TENDER_STATUSES.filter(hasCommittee)).toEqual(['evaluating', 'evaluated', 'publicity', 'awarded', 'failed']);
  });

  it('links the public results page during publicity and once awarded', () => {
    expect(TENDER_STATUSES.filter(hasResults)).toEqual(['publicity', 'awarded']);
  });
});

describe('awardBlocker', () => {
  it('waits for the publicity period while time is left or the server time is unknown', () => {
    expect(awardBlocker(1, [])).toBe('PUBLICITY_NOT_OVER');
    expect(awardBlocker(null, [])).toBe('PUBLICITY_NOT_OVER');
  });

  it('waits for every objection to be answered once the period is over', () => {
    expect(awardBlocker(0, [objection('A', true), objection('B', false)])).toBe('OBJECTION_PENDING');
    expect(unansweredObjections([objection('A', true), objection('B', false)]).map((o) => o.id)).toEqual(['B']);
  });

  it('lets the award through at the end of the period with every objection answered', () => {
    expect(awardBlocker(0, [objection('A', true)])).toBeNull();
    expect(awardBlocker(-5000, [])).toBeNull();
  });
});

describe('award body', () => {
  it('needs a reason only when the award does not go to the first candidate', () => {
    expect(isReasonRequired(1)).toBe(false);
    expect(isReasonRequired(2)).toBe(true);
    expect(isReasonRequired(3)).toBe(true);
  });

  it('sends the rank and a trimmed reason, and leaves out a blank one', () => {
    expect(toAwardInput(1, undefined)).toEqual({ rank: 1 });
    expect(toAwardInput(1, '   ')).toEqual({ rank: 1 });
    expect(toAwardInput(2, '  第一名放弃中标  ')).toEqual({ rank: 2, reason: '第一名放弃中标' });
  });
});

describe('isObjectionOpen', () => {
  it('is open only during publicity while the server clock shows time left', () => {
    expect(isObjectionOpen('publicity', 1000)).toBe(true);
    expect(isObjectionOpen('publicity', 0)).toBe(false);
    expect(isObjectionOpen('publicity', null)).toBe(false);
    expect(isObjectionOpen('awarded', 1000)).toBe(false);
  });
});
