import { useRef, useState } from 'react';
import { Alert, Card, Descriptions, List, Result, Space, Spin, Tag, Typography, Upload } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { formatSize } from '../tenders/DocumentsList';
import { recordKindKey, summariseVerification, toRecordId, type SignatureRow, type VerificationSummary } from './record-view';
import { verifyPdf, type VerifyResult } from './records-api';

type Checked = { fileName: string; result: VerifyResult };

/** Public page: drop a record PDF; the browser reads it and the platform checks every signature in it. */
export function VerifyRecordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const expectedId = toRecordId(params.get('record'));
  const [checked, setChecked] = useState<Checked | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<AbortController | null>(null);

  async function check(file: File) {
    pending.current?.abort();
    const ctrl = new AbortController();
    pending.current = ctrl;
    setBusy(true);
    setError(null);
    setChecked(null);
    try {
      const result = await verifyPdf(await file.arrayBuffer(), ctrl.signal);
      if (!ctrl.signal.aborted) {
        setChecked({ fileName: file.name, result });
      }
    } catch (e) {
      if (!ctrl.signal.aborted) {
        setError(e);
      }
    } finally {
      if (!ctrl.signal.aborted) {
        setBusy(false);
      }
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('records.verify.title')}>
        <Typography.Paragraph type="secondary">{t('records.verify.intro')}</Typography.Paragraph>
        {expectedId ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="verify-expected" title={t('records.verify.expecting', { id: expectedId })} />
        ) : null}
        <div data-testid="verify-drop">
          <Upload.Dragger
            accept=".pdf,application/pdf"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void check(file);
              return false; // read here and posted as bytes; nothing is uploaded by the component
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('records.verify.drop')}</p>
            <p className="ant-upload-hint">{t('records.verify.dropHint')}</p>
          </Upload.Dragger>
        </div>
      </Card>
      {busy ? <Spin description={t('records.verify.checking')}><div style={{ minHeight: 80 }} /></Spin> : null}
      <ErrorAlert error={error} />
      {checked ? <VerificationView fileName={checked.fileName} result={checked.result} summary={summariseVerification(checked.result, expectedId)} expectedId={expectedId} /> : null}
    </Space>
  );
}

function VerificationView({ fileName, result, summary, expectedId }: { fileName: string; result: VerifyResult; summary: VerificationSummary; expectedId: string | null }) {
  const { t } = useTranslation();
  return (
    <Card>
      <div data-testid="verify-result" data-valid={String(summary.valid)}>
        <Result
          status={summary.valid ? 'success' : 'error'}
          title={summary.valid ? t('records.verify.valid') : t('records.verify.invalid')}
          subTitle={fileName}
          style={{ paddingBlock: 16 }}
        />
      </div>
      {summary.reasons.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="verify-reasons"
          data-reasons={summary.reasons.join(' ')}
          title={t('records.verify.reasonsTitle')}
          description={<Problems items={summary.reasons.map((code) => t(`records.verify.reasons.${code}`))} />}
        />
      ) : null}
      {summary.problems.length > 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('records.verify.problems')} description={<Problems items={summary.problems} />} />
      ) : null}
      <div data-testid="verify-record" data-matched={summary.matched ? summary.matched.id : ''} style={{ marginBottom: 16 }}>
        <RecordMatch summary={summary} expectedId={expectedId} />
      </div>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('records.sha256')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="verify-sha256">
            {result.sha256}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('records.size')}>{formatSize(result.size)}</Descriptions.Item>
        <Descriptions.Item label={t('records.verify.modifiedAfter')}>
          {result.modifiedAfterLastSignature ? <Tag color="red">{t('common.yes')}</Tag> : <Tag color="green">{t('common.no')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('records.verify.signatures', { count: summary.signatures.length })}</Typography.Title>
      {summary.signatures.length === 0 ? <Typography.Text type="secondary">{t('records.verify.noSignature')}</Typography.Text> : null}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {summary.signatures.map((s) => (
          <SignatureCard key={s.index} row={s} />
        ))}
      </Space>
    </Card>
  );
}

function RecordMatch({ summary, expectedId }: { summary: VerificationSummary; expectedId: string | null }) {
  const { t } = useTranslation();
  const m = summary.matched;
  const expected =
    summary.expected === 'expected' ? (
      <Tag color="green">{t('records.verify.isExpected', { id: expectedId })}</Tag>
    ) : summary.expected === 'other' || summary.expected === 'unknown' ? (
      <Tag color="red">{t('records.verify.notExpected', { id: expectedId })}</Tag>
    ) : null;
  if (!m) {
    return <Alert type="warning" showIcon title={t('records.verify.noRecord')} description={expected} />;
  }
  return (
    <Alert
      type={summary.valid ? 'success' : 'warning'}
      showIcon
      title={t('records.verify.matched')}
      description={
        <Space orientation="vertical" size={4}>
          <span>
            <Tag color="blue">{t(recordKindKey(m.kind))}</Tag>
            {m.title}
          </span>
          <span>
            {t('records.verify.recordId')}: <Typography.Text code>{m.id}</Typography.Text>
          </span>
          <Link to={`/tenders/${m.tenderId}`} data-testid="verify-tender-link">
            {t('records.verify.openTender')}
          </Link>
          {expected}
        </Space>
      }
    />
  );
}

function SignatureCard({ row }: { row: SignatureRow }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid={`verify-signature-${row.index}`}
      data-valid={String(row.valid)}
      title={
        <Space>
          {row.valid ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
          {t('records.verify.signatureN', { index: row.index })}
          <Tag color={row.scope === 'whole' ? 'green' : 'default'}>{t(`records.verify.scope.${row.scope}`)}</Tag>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('records.verify.signer')}>
          <span title={row.signerSubject ?? undefined}>{row.signer ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('records.verify.signingTime')}>
          <ShanghaiTime value={row.signingTime} />
        </Descriptions.Item>
        <Descriptions.Item label={t('records.verify.reason')}>{row.reason ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('records.verify.checks')}>
          <Space wrap size={4}>
            {row.checks.map((c) => (
              <Tag key={c.name} color={c.ok ? 'green' : 'red'} data-testid={`verify-check-${c.name}`} data-ok={String(c.ok)}>
                {t(`records.verify.check.${c.name}`)}: {c.ok ? t('records.verify.pass') : t('records.verify.fail')}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {row.problems.length > 0 ? <Problems items={row.problems} /> : null}
    </Card>
  );
}

function Problems({ items }: { items: string[] }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(p) => (
        <List.Item>
          <Typography.Text type="danger">{p}</Typography.Text>
        </List.Item>
      )}
    />
  );
}
