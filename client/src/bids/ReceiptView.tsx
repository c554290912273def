import { App, Button, Descriptions, Space, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SignedReceipt } from '../api/types';
import { saveBytes } from '../certs/certs-api';
import { errorText } from '../components/errors';
import { formatShanghai } from '../components/shanghai-time';
import { downloadRecord } from '../records/records-api';

/**
 * The receipt (回执): what the platform signed, receivedAt in Asia/Shanghai with milliseconds; the
 * signed JSON and, once the platform issued it, the receipt PDF (投标回执, `pdfRecordId`).
 */
export function ReceiptView({ value, pdfRecordId, pdfPending }: { value: SignedReceipt; pdfRecordId?: string | null; pdfPending?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
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
      <Space wrap style={{ marginTop: 8 }}>
        {pdfRecordId ? (
          <Button
            type="primary"
            icon={<FilePdfOutlined />}
            data-testid="receipt-pdf"
            onClick={() => void downloadRecord({ id: pdfRecordId, kind: 'receipt' }).catch((e: unknown) => message.error(errorText(t, e)))}
          >
            {t('bid.downloadReceiptPdf')}
          </Button>
        ) : null}
        <Button
          icon={<DownloadOutlined />}
          onClick={() => saveBytes(new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`) as Uint8Array<ArrayBuffer>, `${r.tenderCode}-v${r.version}.receipt.json`, 'application/json')}
        >
          {t('bid.downloadReceipt')}
        </Button>
      </Space>
      {!pdfRecordId && pdfPending ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="receipt-pdf-pending">{t('bid.receiptPdfPending')}</Typography.Paragraph>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('bid.receiptNote')}</Typography.Paragraph>
    </div>
  );
}
