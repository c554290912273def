import { Button, Card, Form, List, Space, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/http';
import { ErrorAlert } from '../components/ErrorAlert';
import { useApi } from '../components/use-api';
import { base64ToBytes, bytesToBase64, signDetachedAttributes } from '../crypto';
import { openPkcs12, Pkcs12Fields } from '../components/Pkcs12Fields';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { downloadRecord, embedReportSignature, listRecords, prepareReportSignature, reportSignatures } from '../records/records-api';

/**
 * 评标报告电子签名: once the committee has stated its agreement or dissent, the platform issues the
 * report as a signed PDF and each member adds its own signature to it in turn. The member's PKCS#12
 * opens here; the key signs the attributes the platform prepared and never leaves the browser.
 */
export function ReportSignatureCard({ tenderId }: { tenderId: string }) {
  const { t } = useTranslation();
  const records = useApi((signal) => listRecords(tenderId, signal), [tenderId]);
  const report = records.data?.find((r) => r.kind === 'evaluation_report') ?? null;
  const status = useApi((signal) => (report ? reportSignatures(report.id, signal) : Promise.resolve(null)), [report?.id]);
  const [p12, setP12] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The PDF is issued just after the last statement, and the other members sign meanwhile: look again every few seconds until done.
  const { reload: reloadRecords } = records;
  const { reload: reloadStatus } = status;
  const complete = status.data?.complete ?? false;
  useEffect(() => {
    if (complete) {
      return undefined;
    }
    const timer = setInterval(() => (report ? reloadStatus() : reloadRecords()), 3000);
    return () => clearInterval(timer);
  }, [complete, report, reloadRecords, reloadStatus]);

  async function sign(recordId: string) {
    setError(null);
    if (!p12) {
      setError(new Error(t('bid.needP12')));
      return;
    }
    setBusy(true);
    try {
      const identity = await openPkcs12(p12, password, t);
      // Another member may embed between our prepare and embed: prepare again over the new revision.
      for (let attempt = 0; ; attempt++) {
        const prep = await prepareReportSignature(recordId);
        const cms = await signDetachedAttributes(base64ToBytes(prep.signedAttributes), identity.certPem, identity.chainPems, identity.signingKey);
        try {
          await embedReportSignature(recordId, prep.preparationId, bytesToBase64(cms));
          break;
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 'RECORD_CHANGED') || attempt >= 4) {
            throw e;
          }
        }
      }
      setPassword('');
      records.reload();
      status.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }


  if (!report) {
    return (
      <Card size="small" title={t('evaluation.pdfSign.title')} data-testid="report-pdf-sign">
        <Typography.Text type="secondary">{records.loading ? t('common.loading') : t('evaluation.pdfSign.pending')}</Typography.Text>
        <ErrorAlert error={records.error} />
      </Card>
    );
  }
  const s = status.data;
  return (
    <Card
      size="small"
      title={t('evaluation.pdfSign.title')}
      extra={<Button size="small" onClick={() => void downloadRecord(report)} data-testid="report-pdf-download">{t('common.download')}</Button>}
      data-testid="report-pdf-sign"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('evaluation.pdfSign.hint')}</Typography.Paragraph>
        {s ? (
          <List
            size="small"
            dataSource={s.signers}
            renderItem={(m) => (
              <List.Item data-testid={`report-signer-${m.userId}`}>
                <span>{m.name}</span>
                {m.signedAt ? (
                  <Tag color="green">
                    {t('evaluation.pdfSign.signed')} <ShanghaiTime value={m.signedAt} />
                  </Tag>
                ) : (
                  <Tag>{t('evaluation.pdfSign.waiting')}</Tag>
                )}
              </List.Item>
            )}
          />
        ) : null}
        {s?.complete ? <Typography.Text type="success" data-testid="report-pdf-complete">{t('evaluation.pdfSign.complete')}</Typography.Text> : null}
        {s?.canSign ? (
          <Form layout="vertical" onFinish={() => void sign(report.id)} disabled={busy}>
            <Pkcs12Fields
              file={p12}
              onFile={setP12}
              password={password}
              onPassword={setPassword}
              testIds={{ upload: 'report-sign-p12', password: 'report-sign-password' }}
              hint={<Link to="/certs">{t('evaluation.pdfSign.noCert')}</Link>}
            />
            <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={busy} data-testid="report-sign-submit">
              {t('evaluation.pdfSign.button')}
            </Button>
          </Form>
        ) : null}
        <ErrorAlert error={error ?? status.error} />
      </Space>
    </Card>
  );
}
