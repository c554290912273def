import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { errorText } from '../components/errors';
import { useApi } from '../components/use-api';
import { formatSize } from '../tenders/DocumentsList';
import { groupSigners, recordKindKey, shortSha256 } from './record-view';
import { downloadRecord, listRecords, type TenderRecord } from './records-api';

/** A tender's signed PDF records this viewer may read (the server filters), each downloadable. */
export function RecordsCard({ tenderId, reloadKey }: { tenderId: string; reloadKey?: unknown }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const records = useApi((signal) => listRecords(tenderId, signal), [tenderId, reloadKey]);

  async function download(r: TenderRecord) {
    try {
      await downloadRecord(r);
    } catch (e) {
      message.error(errorText(t, e));
    }
  }

  return (
    <Card
      title={t('records.title')}
      data-testid="records-card"
      extra={
        <Link to="/records/verify">
          <Button size="small" icon={<SafetyCertificateOutlined />}>
            {t('records.verify.nav')}
          </Button>
        </Link>
      }
    >
      {records.error ? (
        <ErrorAlert error={records.error} />
      ) : (
        <Table<TenderRecord>
          size="small"
          rowKey="id"
          pagination={false}
          loading={records.loading}
          dataSource={records.data ?? []}
          locale={{ emptyText: t('records.none') }}
          onRow={(r) => ({ 'data-testid': `record-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          scroll={{ x: 900 }}
          columns={[
            { title: t('records.kindLabel'), dataIndex: 'kind', width: 140, render: (v: string) => <Tag color="blue">{t(recordKindKey(v))}</Tag> },
            { title: t('records.recordTitle'), dataIndex: 'title', render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
            { title: t('records.issuedAt'), dataIndex: 'issuedAt', width: 170, render: (v: string | null) => <ShanghaiTime value={v} /> },
            {
              title: t('records.sha256'),
              dataIndex: 'sha256',
              width: 150,
              render: (v: string) => (
                <Typography.Text code copyable={{ text: v }} title={v}>
                  {shortSha256(v, 10)}
                </Typography.Text>
              ),
            },
            { title: t('records.size'), dataIndex: 'size', width: 90, render: (v: number) => formatSize(v) },
            { title: t('records.signers'), dataIndex: 'signers', render: (_v, r) => <Signers record={r} /> },
            {
              title: t('common.actions'),
              width: 100,
              render: (_v, r) => (
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(r)} data-testid={`record-download-${r.id}`}>
                  {t('common.download')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function Signers({ record }: { record: TenderRecord }) {
  const { t } = useTranslation();
  const { platform, members } = groupSigners(record.signers);
  return (
    <Space orientation="vertical" size={2}>
      {platform.length > 0 ? (
        <span>
          <Tag>{t('records.signerRole.platform')}</Tag>
          {platform.join('、')}
        </span>
      ) : null}
      {members.length > 0 ? (
        <span>
          <Tag color="purple">{t('records.signerRole.member')}</Tag>
          {members.join('、')}
        </span>
      ) : null}
      {platform.length + members.length === 0 ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : null}
    </Space>
  );
}
