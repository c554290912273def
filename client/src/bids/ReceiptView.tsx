import { Button, Descriptions, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SignedReceipt } from '../api/types';
import { saveBytes } from '../certs/certs-api';
import { formatShanghai } from '../components/shanghai-time';

/** The receipt (回执): what the platform signed, receivedAt in Asia/Shanghai with milliseconds. */
export function ReceiptView({ value }: { value: SignedReceipt }) {
  const { t } = useTranslation();
  const r = value.receipt;
  const ms = String(new Date(r.receivedAt).getUTCMilliseconds()).padStart(3, '0');
  return (
    <div data-testid="receipt">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('bid.receiptId')}>{r.receiptId}</Descriptions.Item>
        <Descriptions.Item label={t('tender.code')}>{r.tenderCode}</Descriptions.Item>
        <Descriptions.Item label={t('bid.bidder')}>{r.organizationName ?? '—'}{r.creditCode ? `（${r.creditCode}）` : ''}</Descriptions.Item>
        <Descriptions.Item label={t('bid.version')}><span data-testid="receipt-version">{r.version}</span></Descriptions.Item>
        <Descriptions.Item label={t('bid.receivedAt')}>
          <time dateTime={r.receivedAt} data-testid="receipt-received-at">{formatShanghai(r.receivedAt)}.{ms}</time>
        </Descriptions.Item>
        <Descriptions.Item label={t('bid.size')}>{r.size.toLocaleString('en-US')} B</Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="receipt-sha256">{r.sha256}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Button
        style={{ marginTop: 8 }}
        icon={<DownloadOutlined />}
        onClick={() => saveBytes(new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`) as Uint8Array<ArrayBuffer>, `${r.tenderCode}-v${r.version}.receipt.json`, 'application/json')}
      >
        {t('bid.downloadReceipt')}
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('bid.receiptNote')}</Typography.Paragraph>
    </div>
  );
}
