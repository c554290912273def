import { App, Alert, Button, Card, Col, Form, Input, InputNumber, Popconfirm, Progress, Result, Row, Skeleton, Space, Steps, Tag, Typography, Upload } from 'antd';
import { LockOutlined, UploadOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { SignedReceipt } from '../api/types';
import { Countdown } from '../components/Countdown';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';
import { openPkcs12, Pkcs12Fields } from '../components/Pkcs12Fields';
import { YUAN_2DP, buildSealedBid, type BidJson } from '../crypto';
import { getRegistration, getTender } from '../tenders/tender-api';
import { getMyBid, getOpeningCertificate, uploadSealedBid, withdrawBid } from './bids-api';
import { ReceiptView } from './ReceiptView';

type Phase = 'idle' | 'cert' | 'p12' | 'package' | 'sign' | 'seal' | 'upload' | 'done';
const PHASES: Phase[] = ['cert', 'p12', 'package', 'sign', 'seal', 'upload'];

/**
 * 投标: the bidder fills the opening items (唱标内容), attaches documents, loads its PKCS#12, and
 * the page builds, signs and seals the bid here (DESIGN §5) before uploading it; the private key
 * and the plaintext never leave the browser.
 */
export function BidPage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tender = useApi((signal) => getTender(tenderId, signal), [tenderId]);
  const reg = useApi((signal) => getRegistration(tenderId, signal), [tenderId]);
  const mine = useApi((signal) => getMyBid(tenderId, signal), [tenderId]);
  const [form] = Form.useForm<Record<string, string | number>>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [p12, setP12] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<SignedReceipt | null>(null);
  // The receipt PDF is issued a moment after the submission: look again a few times until it is there.
  const pdfPolls = useRef(0);
  const waitingForPdf = Boolean(mine.data && !mine.data.receiptRecordId);
  useEffect(() => {
    if (!waitingForPdf || pdfPolls.current >= 20) {
      return undefined;
    }
    const timer = setTimeout(() => {
      pdfPolls.current += 1;
      mine.reload();
    }, 3000);
    return () => clearTimeout(timer);
  }, [waitingForPdf, mine]);

  if (tender.loading && !tender.data) {
    return <Skeleton active />;
  }
  if (!tender.data) {
    return <ErrorAlert error={tender.error} />;
  }
  const td = tender.data;
  const busy = phase !== 'idle' && phase !== 'done';
  const current = mine.data;
  const shown: SignedReceipt | null = receipt ?? (current ? { receipt: current.receipt, signature: current.signature } : null);
  // The receipt PDF (投标回执) of the version shown: issued by the platform a moment after the submission.
  const receiptPdf = current && shown && current.version === shown.receipt.version ? (current.receiptRecordId ?? null) : null;
  const receiptPdfPending = Boolean(current && shown && !receiptPdf);

  async function sealAndSubmit(values: Record<string, string | number>) {
    setError(null);
    setReceipt(null);
    if (!p12) {
      setError(new Error(t('bid.needP12')));
      return;
    }
    try {
      setPhase('cert');
      const openingCertPem = await getOpeningCertificate(td.id);
      setPhase('p12');
      const identity = await openPkcs12(p12, password, t);
      const bidJson: BidJson = { tenderId: td.id };
      for (const item of td.openingItems) {
        const v = values[item];
        if (v !== undefined && v !== null && v !== '') {
          bidJson[item] = item === 'durationDays' ? Number(v) : typeof v === 'string' ? v.trim() : v;
        }
      }
      const docs = await Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await (f.originFileObj as File).arrayBuffer()) })));
      const sealed = await buildSealedBid({ tenderId: td.id, bidJson, files: docs, identity, openingCertPem, onStep: (s) => setPhase(s) });
      setPhase('upload');
      setProgress(0);
      const signed = await uploadSealedBid(td.id, sealed, (sent, total) => setProgress(Math.round((sent / Math.max(total, 1)) * 100)));
      setProgress(100);
      setReceipt(signed);
      setPhase('done');
      message.success(t('bid.submitted'));
      mine.reload();
    } catch (e) {
      setPhase('idle');
      setError(e);
    }
  }

  async function withdraw() {
    try {
      await withdrawBid(td.id);
      setReceipt(null);
      message.success(t('bid.withdrawn'));
      mine.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  }

  const open = td.status === 'published';
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} lg={14}>
        <Card
          title={
            <Space direction="vertical" size={0}>
              <Typography.Text type="secondary">{t('bid.title')}</Typography.Text>
              <Link to={`/tenders/${td.id}`}><Typography.Title level={5} style={{ margin: 0 }}>{td.title}</Typography.Title></Link>
            </Space>
          }
          extra={<Countdown deadline={td.bidDeadline} />}
        >
          <Typography.Paragraph>
            {t('tender.bidDeadline')}：<ShanghaiTime value={td.bidDeadline} />
          </Typography.Paragraph>
          {!reg.loading && !reg.data ? <Alert type="warning" showIcon title={t('errors.NOT_REGISTERED')} style={{ marginBottom: 16 }} /> : null}
          {!open ? <Alert type="warning" showIcon title={t('errors.BID_WINDOW_CLOSED')} style={{ marginBottom: 16 }} /> : null}
          <Alert type="info" showIcon icon={<LockOutlined />} title={t('bid.localSeal')} style={{ marginBottom: 16 }} />
          <Form form={form} layout="vertical" onFinish={(v) => void sealAndSubmit(v)} disabled={busy || !open}>
            <Typography.Title level={5}>{t('tender.openingItems')}</Typography.Title>
            {td.openingItems.map((item) =>
              item === 'price' ? (
                <Form.Item key={item} name="price" label={`${t('openingItem.price')}（${t('money.unit')}）`} rules={[{ required: true, pattern: YUAN_2DP, message: t('bid.priceRule') }]}>
                  <Input placeholder="9876543.21" inputMode="decimal" data-testid="bid-price" />
                </Form.Item>
              ) : item === 'durationDays' ? (
                <Form.Item key={item} name="durationDays" label={t('openingItem.durationDays')} rules={[{ required: true, type: 'integer', min: 1, message: t('bid.durationRule') }]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="bid-duration" />
                </Form.Item>
              ) : (
                <Form.Item key={item} name={item} label={t(`openingItem.${item}`, { defaultValue: item })} rules={[{ required: true, max: 500 }]}>
                  <Input data-testid={`bid-item-${item}`} />
                </Form.Item>
              ),
            )}
            <Form.Item label={t('bid.documents')}>
              <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} data-testid="bid-files">
                <Button icon={<UploadOutlined />}>{t('bid.addDocuments')}</Button>
              </Upload>
            </Form.Item>
            <Typography.Title level={5}>{t('bid.signer')}</Typography.Title>
            <Pkcs12Fields
              file={p12}
              onFile={setP12}
              password={password}
              onPassword={setPassword}
              testIds={{ button: 'bid-p12-button', password: 'bid-p12-password' }}
              hint={
                <Typography.Text type="secondary">
                  {t('bid.noP12')} <Link to="/certs">{t('certs.title')}</Link>
                </Typography.Text>
              }
            />
            {busy || phase === 'done' ? (
              <div style={{ marginBottom: 16 }} data-testid="bid-progress">
                <Steps size="small" current={phase === 'done' ? PHASES.length : PHASES.indexOf(phase)} items={PHASES.map((p) => ({ title: t(`bid.phase.${p}`) }))} />
                {phase === 'upload' || phase === 'done' ? <Progress percent={progress} data-testid="bid-upload-progress" /> : null}
              </div>
            ) : null}
            <ErrorAlert error={error} style={{ marginBottom: 16 }} />
            <Button type="primary" htmlType="submit" block size="large" loading={busy} icon={<LockOutlined />} data-testid="bid-seal-submit">
              {current?.status === 'submitted' ? t('bid.replace') : t('bid.sealAndSubmit')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('bid.status')} extra={<Button size="small" onClick={mine.reload}>{t('common.refresh')}</Button>}>
          <ErrorAlert error={mine.error} style={{ marginBottom: 12 }} />
          {current ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space>
                {current.status === 'submitted' ? (
                  <Tag color="green" data-testid="bid-status" data-status="submitted">{t('bid.statusSubmitted', { version: current.version })}</Tag>
                ) : (
                  <Tag color="orange" data-testid="bid-status" data-status="withdrawn">{t('bid.statusWithdrawn')}</Tag>
                )}
                {current.withdrawnAt ? <ShanghaiTime value={current.withdrawnAt} /> : null}
              </Space>
              {current.status === 'submitted' && open ? (
                <Popconfirm title={t('bid.withdrawConfirm')} onConfirm={() => void withdraw()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button danger data-testid="bid-withdraw">{t('bid.withdraw')}</Button>
                </Popconfirm>
              ) : null}
            </Space>
          ) : mine.loading ? null : (
            <Result status="info" title={t('bid.none')} style={{ padding: 12 }} />
          )}
          {shown ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>{t('bid.receipt')}</Typography.Title>
              <ReceiptView value={shown} pdfRecordId={receiptPdf} pdfPending={receiptPdfPending} />
            </>
          ) : null}
        </Card>
      </Col>
    </Row>
  );
}
