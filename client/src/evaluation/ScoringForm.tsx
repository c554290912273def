import { Alert, Button, Card, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../components/Money';
import { ErrorAlert } from '../components/ErrorAlert';
import { BidCell } from './BidCell';
import { basePriceFen, cellKey, draftFromScores, fenToYuan, formatHundredths, liveTotals, numberToHundredths, scoreEntries, weightOf, type ScoreDraft } from './eval-scores';
import type { EvalBid, EvaluationView } from './eval-types';
import { bid8, compliantBids, myMember, submittedCount } from './eval-view';
import { saveScores, submitScores } from './evaluation-api';

type Props = { view: EvaluationView; editable: boolean; onDone: () => void };

/** 详细评审: the member's score per compliant bid × non-price criterion within [0, weight]; the price score computed; live totals. */
export function ScoringForm({ view, editable, onDone }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ScoreDraft>(() => draftFromScores(view.scores.mine));
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const me = myMember(view);
  const bids = compliantBids(view);
  const shown = editable ? draft : draftFromScores(view.scores.mine);
  const totals = new Map(liveTotals(view.criteria, bids, shown).map((x) => [x.bid, x]));
  const complete = [...totals.values()].every((x) => x.complete);
  const base = basePriceFen(bids);

  const run = async (what: 'save' | 'submit') => {
    setBusy(what);
    setError(null);
    try {
      const { entries } = scoreEntries(view.criteria, bids, draft);
      if (entries.length > 0) {
        await saveScores(view.tenderId, entries);
      }
      if (what === 'submit') {
        await submitScores(view.tenderId);
      }
      setSaved(true);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<EvalBid> = [
    { title: t('evaluation.compliance.bid'), key: 'bid', width: 240, render: (_, b) => <BidCell bid={b} tenderId={view.tenderId} /> },
    ...view.criteria.map((c) => ({
      title: `${c.name}（${c.weight}）`,
      key: c.key,
      render: (_: unknown, b: EvalBid) =>
        c.kind === 'price' ? (
          <Typography.Text data-testid={`price-score-${bid8(b.sha256)}`}>{formatHundredths(totals.get(b.sha256)?.price)}</Typography.Text>
        ) : (
          <InputNumber<number>
            min={0}
            max={weightOf(c) / 100}
            step={0.5}
            precision={2}
            disabled={!editable}
            style={{ width: 110 }}
            value={shown[cellKey(b.sha256, c.key)] === undefined || shown[cellKey(b.sha256, c.key)] === null ? null : (shown[cellKey(b.sha256, c.key)] as number) / 100}
            data-testid={`score-${bid8(b.sha256)}-${c.key}`}
            onChange={(v) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [cellKey(b.sha256, c.key)]: numberToHundredths(v) }));
            }}
          />
        ),
    })),
    {
      title: t('evaluation.scoring.total'),
      key: 'total',
      render: (_, b) => (
        <Typography.Text strong data-testid={`score-total-${bid8(b.sha256)}`}>
          {formatHundredths(totals.get(b.sha256)?.total)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card
      title={t('evaluation.scoring.title')}
      size="small"
      data-testid="eval-scoring"
      extra={<Typography.Text type="secondary">{t('evaluation.progress', { done: submittedCount(view, 'scores'), of: view.members.length })}</Typography.Text>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {me?.returned ? <Alert type="warning" showIcon title={t('evaluation.scoring.returned', { reason: me.returned })} data-testid="scores-returned" /> : null}
        {me?.scoresSubmittedAt ? <Alert type="success" showIcon title={t('evaluation.scoring.locked')} data-testid="scores-locked" /> : null}
        <Typography.Text type="secondary">
          {t('evaluation.scoring.basePrice')}{t('evaluation.colon')}{base === null ? '—' : <Money value={fenToYuan(base)} />} · {t('evaluation.scoring.priceNote')}
        </Typography.Text>
        {view.me.role === 'observer' ? (
          <Typography.Paragraph data-testid="scores-hidden">{t('evaluation.scoring.hidden')}</Typography.Paragraph>
        ) : (
          <Table<EvalBid> rowKey="sha256" size="small" pagination={false} scroll={{ x: true }} columns={columns} dataSource={bids} />
        )}
        <ErrorAlert error={error} />
        {editable ? (
          <Space wrap>
            <Button loading={busy === 'save'} disabled={busy !== null} onClick={() => void run('save')} data-testid="scores-save">
              {t('common.save')}
            </Button>
            <Popconfirm title={t('evaluation.submitConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => run('submit')} disabled={!complete}>
              <Button type="primary" loading={busy === 'submit'} disabled={busy !== null || !complete} data-testid="scores-submit">
                {t('common.submit')}
              </Button>
            </Popconfirm>
            {saved ? <Typography.Text type="success">{t('evaluation.saved')}</Typography.Text> : null}
            {!complete ? <Typography.Text type="secondary">{t('evaluation.scoring.incomplete')}</Typography.Text> : null}
          </Space>
        ) : null}
      </Space>
    </Card>
  );
}
