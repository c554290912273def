import { Collapse, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Clarification } from '../api/types';
import { PlainText } from '../components/PlainText';
import { ShanghaiTime } from '../components/ShanghaiTime';

/** Published clarifications and amendments (澄清/修改), newest first, bodies as plain text. */
export function ClarificationsList({ items }: { items: Clarification[] }) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clar.none')} />;
  }
  const sorted = [...items].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  return (
    <Collapse
      data-testid="clarifications"
      defaultActiveKey={sorted.slice(0, 1).map((c) => c.id)}
      items={sorted.map((c) => ({
        key: c.id,
        label: (
          <Space wrap>
            <span>{c.title}</span>
            {c.affectsBids ? <Tag color="orange">{t('clar.affectsBids')}</Tag> : null}
            <Typography.Text type="secondary">
              <ShanghaiTime value={c.publishedAt} />
            </Typography.Text>
          </Space>
        ),
        children: (
          <>
            <PlainText text={c.body} />
            {c.newBidDeadline ? (
              <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
                {t('clar.previousBidDeadline')}：<ShanghaiTime value={c.previousBidDeadline} /> → {t('clar.newBidDeadline')}：
                <strong>
                  <ShanghaiTime value={c.newBidDeadline} />
                </strong>
              </Typography.Paragraph>
            ) : null}
          </>
        ),
      }))}
    />
  );
}
