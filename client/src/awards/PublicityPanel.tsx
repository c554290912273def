import { Card, Descriptions, Skeleton, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TenderStatus } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';
import { answerObjection, getAward, getPublicity, type Award } from './awards-api';
import { AwardForm } from './AwardForm';
import { AwardResult } from './AwardResult';
import { CandidatesTable } from './CandidatesTable';
import { PublicityCountdown } from './PublicityCountdown';
import { PublicityObjections } from './PublicityObjections';

/** The owner agency during and after publicity: candidates, countdown, objections to answer, the award. */
export function PublicityPanel({ tenderId, status, onAwarded }: { tenderId: string; status: TenderStatus; onAwarded: (a: Award) => void }) {
  const { t } = useTranslation();
  const pub = useApi((signal) => getPublicity(tenderId, signal), [tenderId, status]);
  const award = useApi((signal) => (status === 'awarded' ? getAward(tenderId, signal) : Promise.resolve(null)), [tenderId, status]);

  if (pub.loading && !pub.data) {
    return <Skeleton active />;
  }
  if (!pub.data) {
    return <ErrorAlert error={pub.error} />;
  }
  const p = pub.data;
  const open = status === 'publicity';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <PublicityWindow publishedAt={p.publishedAt} endsAt={p.publicityEndsAt} live={open} />
      <Card size="small" title={t('awards.candidates')}>
        <CandidatesTable candidates={p.candidates} awardedRank={award.data?.rank ?? null} />
      </Card>
      <Card size="small" title={t('awards.objections')}>
        <PublicityObjections
          objections={p.objections}
          onAnswer={open ? async (id, text) => { await answerObjection(tenderId, id, text); pub.reload(); } : null}
        />
      </Card>
      {open ? (
        <Card size="small" title={t('awards.award')}>
          <AwardForm publicity={p} onAwarded={onAwarded} />
        </Card>
      ) : null}
      {award.error ? <ErrorAlert error={award.error} /> : null}
      {award.data ? (
        <Card size="small" title={t('awards.result')}>
          <AwardResult award={award.data} />
        </Card>
      ) : null}
    </Space>
  );
}

/** 公示期: start, end and (while open) the countdown by the server clock. */
export function PublicityWindow({ publishedAt, endsAt, live }: { publishedAt: string; endsAt: string; live: boolean }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="publicity-window">
      <Descriptions.Item label={t('awards.publishedAt')}>
        <ShanghaiTime value={publishedAt} />
      </Descriptions.Item>
      <Descriptions.Item label={t('awards.publicityEndsAt')}>
        <ShanghaiTime value={endsAt} />
      </Descriptions.Item>
      <Descriptions.Item label={t('awards.publicityStatus')}>
        {live ? <PublicityCountdown endsAt={endsAt} /> : <Tag>{t('awards.publicityOver')}</Tag>}
      </Descriptions.Item>
    </Descriptions>
  );
}
