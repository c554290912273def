import { Alert, Button, Card, List, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import type { EvalMember, EvaluationView } from './eval-types';
import { compliantBids, MIN_COMPLIANT, returnableMembers, type Controls } from './eval-view';
import { finalize, rejectAll, returnScores } from './evaluation-api';
import { ReasonAction } from './ReasonAction';

type Props = { view: EvaluationView; controls: Controls; onDone: () => void };

/** The chair's commands: return a member's scores, finalize the review (report), or reject all bids (否决所有投标). */
export function ChairActions({ view, controls, onDone }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const unresolved = view.flags.filter((f) => f.resolution === null).length;
  const doFinalize = async () => {
    setBusy(true);
    setError(null);
    try {
      await finalize(view.tenderId);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const after = (p: Promise<unknown>) => p.then(onDone);
  return (
    <Card title={t('evaluation.chairActions.title')} size="small" data-testid="eval-chair-actions">
      <Space direction="vertical" style={{ width: '100%' }}>
        {controls.returnScores ? (
          <List<EvalMember>
            size="small"
            header={t('evaluation.chairActions.returnScores')}
            dataSource={returnableMembers(view)}
            locale={{ emptyText: t('evaluation.chairActions.noneSubmitted') }}
            renderItem={(m) => (
              <List.Item>
                <Typography.Text>{m.displayName}</Typography.Text>
                <ReasonAction
                  label={t('evaluation.chairActions.return')}
                  title={t('evaluation.chairActions.returnTitle', { name: m.displayName })}
                  placeholder={t('evaluation.chairActions.reason')}
                  testId={`return-scores-${m.userId}`}
                  onSubmit={(reason) => after(returnScores(view.tenderId, m.userId, reason))}
                />
              </List.Item>
            )}
          />
        ) : null}
        {view.stage === 'review' && unresolved > 0 ? <Alert type="warning" showIcon title={t('evaluation.chairActions.unresolved', { count: unresolved })} /> : null}
        <ErrorAlert error={error} />
        <Space wrap>
          {view.stage === 'review' ? (
            <Popconfirm title={t('evaluation.chairActions.finalizeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={doFinalize} disabled={!controls.finalize}>
              <Button type="primary" loading={busy} disabled={!controls.finalize} data-testid="finalize">
                {t('evaluation.chairActions.finalize')}
              </Button>
            </Popconfirm>
          ) : null}
          {controls.rejectAll ? (
            <ReasonAction
              label={t('evaluation.chairActions.rejectAll')}
              title={t('evaluation.chairActions.rejectAllTitle', { count: compliantBids(view).length, min: MIN_COMPLIANT })}
              placeholder={t('evaluation.chairActions.reason')}
              testId="reject-all"
              buttonProps={{ danger: true, size: 'middle' }}
              onSubmit={(reason) => after(rejectAll(view.tenderId, reason))}
            />
          ) : null}
        </Space>
      </Space>
    </Card>
  );
}
