import { Alert, Button, Card, Col, Empty, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { useSession } from '../auth/session';
import { hasResults } from '../awards/award-view';
import { BidderPanel } from '../bidder/BidderPanel';
import { ErrorAlert } from '../components/ErrorAlert';
import { useApi } from '../components/use-api';
import { RecordsCard } from '../records/RecordsCard';
import { ClarificationsList } from './ClarificationsList';
import { DocumentsList } from './DocumentsList';
import { getTender, listClarifications, listDocuments } from './tender-api';
import { TenderOverview } from './TenderOverview';

/** A tender's public page: announcement, schedule, criteria, documents, clarifications; the bidder's actions. */
export function TenderDetailPage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const tender = useApi((signal) => getTender(tenderId, signal), [tenderId, user?.id]);
  const docs = useApi((signal) => listDocuments(tenderId, signal), [tenderId, user?.id]);
  const clars = useApi((signal) => listClarifications(tenderId, signal), [tenderId]);

  if (tender.loading && !tender.data) {
    return <Skeleton active />;
  }
  if (tender.error instanceof ApiError && tender.error.status === 404) {
    return <Result status="404" title="404" subTitle={t('errors.NOT_FOUND')} />;
  }
  if (!tender.data) {
    return <ErrorAlert error={tender.error} />;
  }
  const td = tender.data;
  const isOwner = user?.role === 'agency';

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} lg={user?.role === 'bidder' ? 16 : 24}>
        <Card
          title={
            <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'normal' }} data-testid="tender-title">
              {td.title}
            </Typography.Title>
          }
          extra={
            <Space wrap>
              {td.status !== 'draft' ? (
                <Link to={`/tenders/${td.id}/opening`} data-testid="opening-hall-link">
                  <Button>{t('opening.enter')}</Button>
                </Link>
              ) : null}
              {hasResults(td.status) ? (
                <Link to={`/tenders/${td.id}/results`} data-testid="results-link">
                  <Button type="primary">{t('awards.results')}</Button>
                </Link>
              ) : null}
              {user && user.role !== 'bidder' && ['evaluating', 'evaluated', 'publicity', 'awarded', 'failed'].includes(td.status) ? (
                <Link to={`/tenders/${td.id}/evaluation`} data-testid="evaluation-room-link">
                  <Button>{t('evaluation.enter')}</Button>
                </Link>
              ) : null}
              {isOwner ? (
                <Link to={`/agency/tenders/${td.id}`}>
                  <Button>{t('agency.manage')}</Button>
                </Link>
              ) : null}
            </Space>
          }
        >
          {td.status === 'cancelled' ? (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('tender.cancelledBanner', { reason: td.cancelReason ?? '' })} />
          ) : null}
          <TenderOverview tender={td} />

          <Typography.Title level={5}>{t('tender.documents')}</Typography.Title>
          <div style={{ marginBottom: 24 }}>
            {docs.error ? (
              <ErrorAlert error={docs.error} />
            ) : docs.data === null ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('docs.hidden')} />
            ) : (
              <DocumentsList tenderId={td.id} items={docs.data ?? []} showHistory={false} />
            )}
          </div>

          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={5}>{t('tender.clarifications')}</Typography.Title>
          </Space>
          {clars.error ? <ErrorAlert error={clars.error} /> : <ClarificationsList items={clars.data ?? []} />}
        </Card>
      </Col>
      {user?.role === 'bidder' ? (
        <Col xs={24} lg={8}>
          <BidderPanel tender={td} onRegistered={docs.reload} />
        </Col>
      ) : null}
      <Col xs={24}>
        <RecordsCard tenderId={td.id} reloadKey={`${user?.id ?? ''}:${td.status}`} />
      </Col>
      {!user ? (
        <Col xs={24}>
          <Alert type="info" showIcon title={<Link to="/login">{t('reg.loginFirst')}</Link>} />
        </Col>
      ) : null}
    </Row>
  );
}
