import { Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BidCell } from './BidCell';
import type { ComplianceDecision, EvaluationView } from './eval-types';

/** The committee's compliance decision (majority per bid and item): which bids go on, why the others fail. */
export function ComplianceResult({ view }: { view: EvaluationView }) {
  const { t } = useTranslation();
  const result = view.compliance.result ?? [];
  const itemName = (key: string) => view.complianceItems.find((i) => i.key === key)?.name ?? key;
  return (
    <Card title={t('evaluation.compliance.result')} size="small" data-testid="eval-compliance-result">
      <Table<ComplianceDecision>
        rowKey="bid"
        size="small"
        pagination={false}
        dataSource={result}
        columns={[
          {
            title: t('evaluation.compliance.bid'),
            key: 'bid',
            render: (_, d) => {
              const bid = view.bids.find((b) => b.sha256 === d.bid);
              return bid ? <BidCell bid={bid} /> : d.bid;
            },
          },
          {
            title: t('evaluation.compliance.result'),
            key: 'passed',
            render: (_, d) => (d.passed ? <Tag color="green">{t('evaluation.compliance.passed')}</Tag> : <Tag color="red">{t('evaluation.compliance.failed')}</Tag>),
          },
          {
            title: t('evaluation.compliance.reasons'),
            key: 'reasons',
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                {d.failedItems.map((f) => (
                  <Typography.Text key={f.item}>
                    {itemName(f.item)}{t('evaluation.colon')}{f.reasons.join(t('evaluation.listSeparator'))}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
