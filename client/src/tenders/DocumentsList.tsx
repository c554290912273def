import { App, Button, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../api/http';
import type { TenderDocument } from '../api/types';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { errorText } from '../components/errors';

/** "1.2 MB" */
export function formatSize(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)} KB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Tender documents, every version, the current one marked; download goes through the API with the token. */
export function DocumentsList({ tenderId, items, showHistory = true }: { tenderId: string; items: TenderDocument[]; showHistory?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rows = showHistory ? items : items.filter((d) => d.current);

  async function download(d: TenderDocument) {
    try {
      await downloadFile(`/tenders/${tenderId}/documents/${d.id}`, d.name);
    } catch (e) {
      message.error(errorText(t, e));
    }
  }

  return (
    <Table<TenderDocument>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: t('docs.none') }}
      data-testid="documents-table"
      scroll={{ x: 760 }}
      columns={[
        { title: t('docs.name'), dataIndex: 'name', render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
        {
          title: t('docs.version'),
          dataIndex: 'version',
          width: 120,
          render: (v: number, d) => (
            <>
              v{v} {d.current ? <Tag color="green">{t('docs.current')}</Tag> : <Tag>{t('docs.superseded')}</Tag>}
            </>
          ),
        },
        { title: t('docs.size'), dataIndex: 'size', width: 90, render: (v: number) => formatSize(v) },
        { title: t('docs.uploadedAt'), dataIndex: 'uploadedAt', width: 170, render: (v: string) => <ShanghaiTime value={v} /> },
        {
          title: t('docs.sha256'),
          dataIndex: 'sha256',
          width: 130,
          render: (v: string) => (
            <Typography.Text code copyable={{ text: v }} title={v}>
              {v.slice(0, 10)}…
            </Typography.Text>
          ),
        },
        {
          title: t('common.actions'),
          width: 90,
          render: (_v, d) => (
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(d)} data-testid="document-download">
              {t('common.download')}
            </Button>
          ),
        },
      ]}
    />
  );
}
