import { Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Criterion, Tender } from '../api/types';
import { Money } from '../components/Money';
import { PlainText } from '../components/PlainText';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { StatusTag } from '../components/StatusTag';

/** Basics, schedule, criteria and opening items of a tender (shared by the public and agency pages). */
export function TenderOverview({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const itemLabel = (k: string) => (t(`openingItem.${k}`, { defaultValue: '' }) || k);
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={t('tender.basics')} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('tender.code')}>{tender.code}</Descriptions.Item>
        <Descriptions.Item label={t('tender.projectCode')}>{tender.projectCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('tender.category')}>{t(`category.${tender.category}`)}</Descriptions.Item>
        <Descriptions.Item label={t('tender.procurementMethod')}>{t(`method.${tender.procurementMethod}`)}</Descriptions.Item>
        <Descriptions.Item label={t('tender.budget')}>
          <Money value={tender.budget} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tender.status')}>
          <StatusTag status={tender.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tender.agency')}>{tender.agency?.organizationName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('tender.evaluationMethod')}>{t(`evaluationMethod.${tender.evaluationMethod}`)}</Descriptions.Item>
      </Descriptions>

      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={t('tender.schedule')} extra={<Typography.Text type="secondary">{t('tender.timesNote')}</Typography.Text>} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('tender.publishedAt')}>
          <ShanghaiTime value={tender.publishedAt} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tender.registrationDeadline')}>
          <ShanghaiTime value={tender.registrationDeadline} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tender.bidDeadline')}>
          <span data-testid="tender-bid-deadline">
            <ShanghaiTime value={tender.bidDeadline} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('tender.openingMode')}>
          {t(`openingMode.${tender.openingMode}`)}
          {tender.openingMode === 'bidder' ? `（${t('tender.decryptionWindowMinutes')} ${tender.decryptionWindowMinutes}，${t(`undecryptedBids.${tender.undecryptedBids}`)}）` : ''}
        </Descriptions.Item>
        {tender.ruleSet ? <Descriptions.Item label={t('tender.ruleSet')}>{tender.ruleSet}</Descriptions.Item> : null}
        {tender.cancelledAt ? (
          <Descriptions.Item label={t('tender.cancelledAt')}>
            <ShanghaiTime value={tender.cancelledAt} />
          </Descriptions.Item>
        ) : null}
      </Descriptions>

      <Typography.Title level={5}>{t('tender.description')}</Typography.Title>
      <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', padding: 16, marginBottom: 24, minHeight: 48 }}>
        <PlainText text={tender.description || t('common.none')} testId="tender-description" />
      </div>

      <Typography.Title level={5}>{t('tender.criteria')}</Typography.Title>
      <Table<Criterion>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={tender.criteria}
        style={{ marginBottom: 24 }}
        locale={{ emptyText: t('common.none') }}
        columns={[
          { title: t('tender.criterionName'), dataIndex: 'name' },
          { title: t('tender.criterionKind'), dataIndex: 'kind', render: (v: string) => t(`criterionKind.${v}`) },
          { title: t('tender.criterionWeight'), dataIndex: 'weight', align: 'right' },
        ]}
        summary={(rows) =>
          rows.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                {t('tender.weightSum', { sum: '' })}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {rows.reduce((s, r) => s + Math.round(Number(r.weight) * 100), 0) / 100}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />

      <Typography.Title level={5}>{t('tender.openingItems')}</Typography.Title>
      <div style={{ marginBottom: 24 }}>
        {tender.openingItems.map((k) => (
          <Tag key={k}>{itemLabel(k)}</Tag>
        ))}
      </div>
    </>
  );
}
