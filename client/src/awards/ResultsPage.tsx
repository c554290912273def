import { Card, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { useCountdown } from '../components/server-time';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';
import { getTender } from '../tenders/tender-api';
import { isObjectionOpen } from './award-view';
import { getAward, getPublicity } from './awards-api';
import { AwardResult } from './AwardResult';
import { CandidatesTable } from './CandidatesTable';
import { ObjectionForm } from './ObjectionForm';
import { PublicityWindow } from './PublicityPanel';
import { PublicityObjections } from './PublicityObjections';

/** The public 中标候选人公示 and 中标结果 of a tender; bidders object here during publicity. */
export function ResultsPage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const tender = useApi((signal) => getTender(tenderId, signal), [tenderId, user?.id]);
  const status = tender.data?.status;
  const pub = useApi((signal) => getPublicity(tenderId, signal), [tenderId, status, user?.id]);
  const award = useApi((signal) => (status === 'awarded' ? getAward(tenderId, signal) : Promise.resolve(null)), [tenderId, status]);
  const left = useCountdown(pub.data?.publicityEndsAt);

  if (tender.loading && !tender.data) {
    return <Skeleton active />;
  }
  if (!tender.data) {
    return <ErrorAlert error={tender.error} />;
  }
  const td = tender.data;
  const notPublished = pub.error instanceof ApiError && pub.error.status === 404;
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'normal' }} data-testid="results-title">
            {td.title}
          </Typography.Title>
          <StatusTag status={td.status} />
        </Space>
      }
      extra={<Link to={`/tenders/${td.id}`}>{t('awards.backToTender')}</Link>}
    >
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        {award.data ? (
          <section>
            <Typography.Title level={5}>{t('awards.result')}</Typography.Title>
            <AwardResult award={award.data} />
          </section>
        ) : null}
        {award.error ? <ErrorAlert error={award.error} /> : null}
        {notPublished ? <Empty description={t('awards.notPublished')} data-testid="results-empty" /> : null}
        {pub.error && !notPublished ? <ErrorAlert error={pub.error} /> : null}
        {pub.data ? (
          <>
            <section>
              <Typography.Title level={5}>{t('awards.candidatesTitle')}</Typography.Title>
              <Space direction="vertical" style={{ width: '100%' }}>
                <PublicityWindow publishedAt={pub.data.publishedAt} endsAt={pub.data.publicityEndsAt} live={td.status === 'publicity'} />
                <CandidatesTable candidates={pub.data.candidates} awardedRank={award.data?.rank ?? null} />
              </Space>
            </section>
            <section data-testid="results-committee">
              <Typography.Title level={5}>{t('awards.committee')}</Typography.Title>
              {pub.data.committee.length > 0 ? pub.data.committee.map((name, i) => <Tag key={`${i}:${name}`}>{name}</Tag>) : t('common.none')}
            </section>
            <section>
              <Typography.Title level={5}>{t('awards.objections')}</Typography.Title>
              <PublicityObjections objections={pub.data.objections} onAnswer={null} />
            </section>
            {user?.role === 'bidder' && td.status === 'publicity' ? <ObjectionForm tenderId={td.id} open={isObjectionOpen(td.status, left)} onRaised={pub.reload} /> : null}
          </>
        ) : null}
      </Space>
    </Card>
  );
}
