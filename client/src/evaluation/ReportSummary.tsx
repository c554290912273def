import { Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { Money } from '../components/Money';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';
import type { EvaluationReport, RankedBid } from './eval-types';
import { bid8 } from './eval-view';
import { getReport } from './evaluation-api';

/** 评标报告 (summary): committee, compliance, candidates and every member's signature or dissent. */
export function ReportSummary({ tenderId, signed }: { tenderId: string; signed: number }) {
  const { t } = useTranslation();
  const report = useApi((signal) => getReport(tenderId, signal), [tenderId, signed]);
  if (!report.data) {
    return report.error ? <ErrorAlert error={report.error} /> : <Skeleton active />;
  }
  const r: EvaluationReport = report.data;
  const signatures = new Map(r.signatures.map((s) => [s.userId, s]));
  const compliant = r.compliance.decisions.filter((d) => d.passed).length;
  return (
    <Card title={t('evaluation.report.title')} size="small" data-testid="eval-report">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('evaluation.report.tender')}>
            {r.title}（{r.code}）
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.report.method')}>{t(`evaluationMethod.${r.evaluationMethod}`)}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.report.bids')}>{t('evaluation.report.compliantOf', { compliant, of: r.bids.length })}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.report.flags')}>{r.flags.length}</Descriptions.Item>
        </Descriptions>
        <Typography.Text strong>{t('evaluation.review.candidates')}</Typography.Text>
        <Table<RankedBid>
          rowKey="bid"
          size="small"
          pagination={false}
          dataSource={r.candidates}
          columns={[
            { title: t('evaluation.review.rank'), key: 'rank', render: (_, c) => c.rank },
            { title: t('evaluation.compliance.bid'), key: 'bidder', render: (_, c) => c.bidderOrganization ?? bid8(c.bid) },
            { title: t('evaluation.review.price'), key: 'price', render: (_, c) => <Money value={c.price} /> },
            { title: t('evaluation.scoring.total'), key: 'total', render: (_, c) => c.total ?? '—' },
          ]}
        />
        <Typography.Text strong>{t('evaluation.report.signatures')}</Typography.Text>
        <Table
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={r.members}
          columns={[
            { title: t('evaluation.members'), key: 'name', render: (_, m) => <>{m.displayName} {m.chair ? <Tag color="gold">{t('evaluation.chair')}</Tag> : null}</> },
            { title: t('evaluation.report.organization'), key: 'org', render: (_, m) => m.organizationName ?? '—' },
            {
              title: t('evaluation.report.signature'),
              key: 'sig',
              render: (_, m) => {
                const s = signatures.get(m.userId);
                if (!s) {
                  return <Tag>{t('evaluation.report.waiting')}</Tag>;
                }
                return (
                  <Space direction="vertical" size={0} data-testid={`signature-${m.userId}`}>
                    <Space>
                      {s.agree ? <Tag color="green">{t('evaluation.report.agreed')}</Tag> : <Tag color="red">{t('evaluation.report.dissented')}</Tag>}
                      <ShanghaiTime value={s.signedAt} />
                    </Space>
                    {s.dissent ? <Typography.Text type="secondary">{s.dissent}</Typography.Text> : null}
                  </Space>
                );
              },
            },
          ]}
        />
      </Space>
    </Card>
  );
}
