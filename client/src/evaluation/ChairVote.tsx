import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import type { EvalMember, EvaluationView } from './eval-types';
import { memberName } from './eval-view';
import { voteChair } from './evaluation-api';

/** 推选组长: each member votes for one member; a majority of the committee elects the chair. */
export function ChairVote({ view, canVote, onDone }: { view: EvaluationView; canVote: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const vote = async (userId: string) => {
    setBusy(userId);
    setError(null);
    try {
      await voteChair(view.tenderId, userId);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const mine = view.chairVotes.mine;
  return (
    <Card title={t('evaluation.chairVote.title')} size="small" data-testid="eval-chair">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('evaluation.chairVote.hint')}</Typography.Text>
        <Typography.Text data-testid="chair-votes-cast">{t('evaluation.chairVote.cast', { cast: view.chairVotes.cast, of: view.members.length })}</Typography.Text>
        {mine ? <Typography.Text>{t('evaluation.chairVote.mine', { name: memberName(view, mine) })}</Typography.Text> : null}
        <ErrorAlert error={error} />
        <List<EvalMember>
          size="small"
          dataSource={view.members}
          renderItem={(m) => (
            <List.Item>
              <Space>
                <Typography.Text>{m.displayName}</Typography.Text>
                {mine === m.userId ? <Tag color="blue">{t('evaluation.chairVote.voted')}</Tag> : null}
              </Space>
              {canVote ? (
                <Button size="small" type={mine === m.userId ? 'primary' : 'default'} loading={busy === m.userId} disabled={busy !== null} data-testid={`chair-vote-${m.userId}`} onClick={() => void vote(m.userId)}>
                  {t('evaluation.chairVote.vote')}
                </Button>
              ) : null}
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}
