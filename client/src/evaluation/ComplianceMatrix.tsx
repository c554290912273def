import { Alert, Button, Card, Input, Popconfirm, Radio, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { BidCell } from './BidCell';
import { cellOf, complianceEntries, complianceProblems, draftFromCompliance, passAll, type ComplianceDraft } from './eval-compliance';
import { cellKey } from './eval-scores';
import type { EvalBid, EvaluationView } from './eval-types';
import { bid8, myMember, submittedCount } from './eval-view';
import { saveCompliance, submitCompliance } from './evaluation-api';

type Props = { view: EvaluationView; editable: boolean; onDone: () => void };

/** 符合性审查: the member's pass/fail per bid × compliance item, a reason for every fail; save, then submit (locks). */
export function ComplianceMatrix({ view, editable, onDone }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ComplianceDraft>(() => draftFromCompliance(view.compliance.mine));
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const shown = editable ? draft : draftFromCompliance(view.compliance.mine);
  const items = view.complianceItems;
  const problems = complianceProblems(draft, view.bids, items);
  const me = myMember(view);

  const setCell = (bid: string, item: string, patch: Partial<{ pass: boolean; reason: string }>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [cellKey(bid, item)]: { ...cellOf(d, bid, item), ...patch } }));
  };
  const run = async (what: 'save' | 'submit') => {
    setBusy(what);
    setError(null);
    try {
      const entries = complianceEntries(draft, view.bids, items);
      if (entries.length > 0) {
        await saveCompliance(view.tenderId, entries);
      }
      if (what === 'submit') {
        await submitCompliance(view.tenderId);
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
    { title: t('evaluation.compliance.bid'), key: 'bid', width: 260, render: (_, b) => <BidCell bid={b} tenderId={view.tenderId} /> },
    ...items.map((i) => ({
      title: i.name,
      key: i.key,
      render: (_: unknown, b: EvalBid) => {
        const c = cellOf(shown, b.sha256, i.key);
        const id = `${bid8(b.sha256)}-${i.key}`;
        return (
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Radio.Group
              size="small"
              optionType="button"
              buttonStyle="solid"
              disabled={!editable}
              value={c.pass === null ? undefined : c.pass ? 'pass' : 'fail'}
              data-testid={`compliance-${id}`}
              data-value={c.pass === null ? '' : c.pass ? 'pass' : 'fail'}
              onChange={(e) => setCell(b.sha256, i.key, { pass: e.target.value === 'pass' })}
              options={[
                { value: 'pass', label: t('evaluation.compliance.pass') },
                { value: 'fail', label: t('evaluation.compliance.fail') },
              ]}
            />
            {c.pass === false ? (
              <Input.TextArea
                autoSize
                maxLength={1000}
                disabled={!editable}
                status={editable && !c.reason.trim() ? 'error' : undefined}
                placeholder={t('evaluation.compliance.reason')}
                value={c.reason}
                data-testid={`compliance-reason-${id}`}
                onChange={(e) => setCell(b.sha256, i.key, { reason: e.target.value })}
              />
            ) : null}
          </Space>
        );
      },
    })),
  ];

  return (
    <Card
      title={t('evaluation.compliance.title')}
      size="small"
      data-testid="eval-compliance"
      extra={<Typography.Text type="secondary">{t('evaluation.progress', { done: submittedCount(view, 'compliance'), of: view.members.length })}</Typography.Text>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {me?.complianceSubmittedAt ? <Alert type="success" showIcon title={t('evaluation.compliance.locked')} data-testid="compliance-locked" /> : null}
        {view.me.role === 'observer' ? <Typography.Text type="secondary">{t('evaluation.compliance.hidden')}</Typography.Text> : null}
        <Table<EvalBid> rowKey="sha256" size="small" pagination={false} scroll={{ x: true }} columns={view.me.role === 'observer' ? columns.slice(0, 1) : columns} dataSource={view.bids} />
        <ErrorAlert error={error} />
        {editable ? (
          <Space wrap>
            <Button onClick={() => setDraft((d) => passAll(d, view.bids, items))} data-testid="compliance-pass-all">
              {t('evaluation.compliance.passAll')}
            </Button>
            <Button loading={busy === 'save'} disabled={busy !== null} onClick={() => void run('save')} data-testid="compliance-save">
              {t('common.save')}
            </Button>
            <Popconfirm title={t('evaluation.submitConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => run('submit')} disabled={problems.undecided > 0 || problems.failsWithoutReason.length > 0}>
              <Button type="primary" loading={busy === 'submit'} disabled={busy !== null || problems.undecided > 0 || problems.failsWithoutReason.length > 0} data-testid="compliance-submit">
                {t('common.submit')}
              </Button>
            </Popconfirm>
            {saved ? <Typography.Text type="success">{t('evaluation.saved')}</Typography.Text> : null}
            {problems.undecided > 0 ? <Typography.Text type="secondary">{t('evaluation.compliance.undecided', { count: problems.undecided })}</Typography.Text> : null}
            {problems.failsWithoutReason.length > 0 ? <Typography.Text type="danger">{t('evaluation.compliance.needReason')}</Typography.Text> : null}
          </Space>
        ) : null}
      </Space>
    </Card>
  );
}
