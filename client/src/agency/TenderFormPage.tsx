import { App, Button, Card, Col, Divider, Form, Input, InputNumber, Popconfirm, Radio, Result, Row, Select, Skeleton, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type FieldIssue } from '../api/http';
import { CATEGORIES, PROCUREMENT_METHODS, type Tender } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { ShanghaiDateTimeInput } from '../components/ShanghaiDateTimeInput';
import { useApi } from '../components/use-api';
import { getTender } from '../tenders/tender-api';
import { CriteriaEditor } from './CriteriaEditor';
import { isTenderField, newTenderValues, toBody, toFormValues, type TenderFormValues } from './tender-form';

/** Create or edit a draft; "publish" saves first, then publishes and shows rule violations on the fields. */
export function TenderFormPage() {
  const { tenderId } = useParams();
  const { t } = useTranslation();
  const existing = useApi((signal) => (tenderId ? getTender(tenderId, signal) : Promise.resolve(null)), [tenderId]);
  if (existing.loading) {
    return <Skeleton active />;
  }
  if (existing.error) {
    return <ErrorAlert error={existing.error} />;
  }
  if (existing.data && existing.data.status !== 'draft') {
    return <Result status="info" title={existing.data.title} subTitle={t('agency.draftOnly')} />;
  }
  return <TenderForm key={tenderId ?? 'new'} tender={existing.data ?? null} />;
}

function TenderForm({ tender }: { tender: Tender | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<TenderFormValues>();
  const [id, setId] = useState<string | null>(tender?.id ?? null);
  const [error, setError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const openingMode = Form.useWatch('openingMode', form);

  useEffect(() => {
    form.setFieldsValue(tender ? toFormValues(tender) : (newTenderValues() as TenderFormValues));
  }, [form, tender]);

  /** Saves the draft (create or patch); returns its id. */
  async function save(): Promise<string> {
    const values = await form.validateFields();
    const body = toBody(values);
    const saved = id
      ? await api<Tender>(`/tenders/${id}`, { method: 'PATCH', body })
      : await api<Tender>('/tenders', { method: 'POST', body });
    if (!id) {
      setId(saved.id);
      navigate(`/agency/tenders/${saved.id}/edit`, { replace: true });
    }
    return saved.id;
  }

  async function run(kind: 'save' | 'publish') {
    setBusy(kind);
    setError(null);
    try {
      const savedId = await save();
      if (kind === 'save') {
        message.success(t('agency.saved'));
        return;
      }
      await api<Tender>(`/tenders/${savedId}/publish`, { method: 'POST' });
      message.success(t('agency.published'));
      navigate(`/agency/tenders/${savedId}`);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        return; // client-side validation: antd already marks the fields
      }
      setLeftover(applyFieldErrors(form, e, isTenderField));
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const req = (field: string) => ({ required: true, message: t('auth.required', { field }) });
  return (
    <Card title={tender ? `${t('agency.editTender')}：${tender.title}` : t('agency.createTitle')}>
      <ErrorAlert
        error={error}
        style={{ marginBottom: 16 }}
        fields={error instanceof ApiError && error.fields.length > 0 ? leftover : undefined}
        hint={error instanceof ApiError && error.code !== 'VALIDATION' && error.fields.length > leftover.length ? t('agency.fieldsMarked') : undefined}
      />
      <Form form={form} layout="vertical" data-testid="tender-form" scrollToFirstError>
        <Divider titlePlacement="start">{t('tender.basics')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('tender.title')} rules={[req(t('tender.title')), { min: 2, max: 200 }]}>
              <Input data-testid="tender-form-title" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('tender.code')} rules={[req(t('tender.code')), { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/, message: 'A-Z a-z 0-9 - _ .' }]}>
              <Input data-testid="tender-form-code" placeholder="JT-2026-001" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="projectCode" label={t('tender.projectCode')} rules={[{ max: 48 }]}>
              <Input data-testid="tender-form-project-code" placeholder="JT-2026" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="category" label={t('tender.category')} rules={[req(t('tender.category'))]}>
              <Select data-testid="tender-form-category" options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="procurementMethod" label={t('tender.procurementMethod')} rules={[req(t('tender.procurementMethod'))]}>
              <Select data-testid="tender-form-method" options={PROCUREMENT_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="budget"
              label={t('tender.budget')}
              rules={[req(t('tender.budget')), { pattern: /^[\d,，]{1,17}(\.\d{1,2})?$/, message: '12500000.00' }]}
            >
              <Input data-testid="tender-form-budget" placeholder="12500000.00" suffix={t('common.unit')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('tender.description')} rules={[{ max: 20000 }]}>
              <Input.TextArea data-testid="tender-form-description" autoSize={{ minRows: 4, maxRows: 16 }} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">
          {t('tender.schedule')}（{t('tender.timesNote')}）
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="registrationDeadline" label={t('tender.registrationDeadline')} rules={[req(t('tender.registrationDeadline'))]}>
              <ShanghaiDateTimeInput testId="tender-form-registration-deadline" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="bidDeadline"
              label={t('tender.bidDeadline')}
              dependencies={['registrationDeadline']}
              rules={[req(t('tender.bidDeadline'))]}
            >
              <ShanghaiDateTimeInput testId="tender-form-bid-deadline" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="openingMode" label={t('tender.openingMode')}>
              <Radio.Group
                data-testid="tender-form-opening-mode"
                options={[
                  { value: 'platform', label: t('openingMode.platform') },
                  { value: 'bidder', label: t('openingMode.bidder') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="decryptionWindowMinutes" label={t('tender.decryptionWindowMinutes')} hidden={openingMode !== 'bidder'}>
              <InputNumber min={1} max={240} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="undecryptedBids" label={t('tender.undecryptedBids')} hidden={openingMode !== 'bidder'}>
              <Select options={(['backup', 'invalid'] as const).map((v) => ({ value: v, label: t(`undecryptedBids.${v}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('tender.criteria')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="evaluationMethod" label={t('tender.evaluationMethod')}>
              <Select options={(['comprehensive', 'lowest_price'] as const).map((v) => ({ value: v, label: t(`evaluationMethod.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="openingItems" label={t('tender.openingItems')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select
                mode="tags"
                data-testid="tender-form-opening-items"
                options={['price', 'durationDays', 'quality'].map((k) => ({ value: k, label: `${t(`openingItem.${k}`)} (${k})` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <CriteriaEditor />

        <Divider />
        <Form.Item name="documentsPublic" label={t('tender.documentsPublic')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="currency" hidden>
          <Input />
        </Form.Item>

        <Space>
          <Button onClick={() => void run('save')} loading={busy === 'save'} disabled={busy !== null} data-testid="tender-form-save">
            {t('agency.saveDraft')}
          </Button>
          <Popconfirm title={t('agency.publishConfirm')} onConfirm={() => void run('publish')} okButtonProps={{ 'data-testid': 'publish-confirm' }}>
            <Button type="primary" loading={busy === 'publish'} disabled={busy !== null} data-testid="tender-form-publish">
              {t('agency.publish')}
            </Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
