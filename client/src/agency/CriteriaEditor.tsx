import { Button, Form, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CRITERION_KINDS, type Criterion } from '../api/types';

/** 评分标准 editor: key, name, kind and weight per row; the weights' sum is shown live. */
export function CriteriaEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const criteria = (Form.useWatch('criteria', form) as Criterion[] | undefined) ?? [];
  const sum = criteria.reduce((s, c) => s + Math.round(Number(c?.weight ?? 0) * 100 || 0), 0) / 100;
  return (
    <Form.List name="criteria">
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="criteria-editor">
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item
                name={[field.name, 'key']}
                rules={[{ required: true, pattern: /^[a-z][a-zA-Z0-9_]{0,31}$/, message: 'a-z, 0-9, _' }]}
                style={{ width: 140, marginBottom: 8 }}
              >
                <Input placeholder={t('tender.criterionKey')} data-testid={`criterion-key-${field.name}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 50, message: t('auth.required', { field: t('tender.criterionName') }) }]} style={{ width: 200, marginBottom: 8 }}>
                <Input placeholder={t('tender.criterionName')} data-testid={`criterion-name-${field.name}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} style={{ width: 130, marginBottom: 8 }}>
                <Select options={CRITERION_KINDS.map((k) => ({ value: k, label: t(`criterionKind.${k}`) }))} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'weight']}
                rules={[{ required: true, pattern: /^\d{1,3}(\.\d{1,2})?$/, message: '0–999.99' }]}
                style={{ width: 110, marginBottom: 8 }}
              >
                <Input placeholder={t('tender.criterionWeight')} data-testid={`criterion-weight-${field.name}`} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />
            </Space>
          ))}
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', kind: 'subjective', weight: '' })} data-testid="criterion-add">
              {t('tender.addCriterion')}
            </Button>
            <Typography.Text type={sum === 100 ? 'success' : 'warning'} data-testid="criteria-sum">
              {t('tender.weightSum', { sum })}
            </Typography.Text>
          </Space>
          {errors.map((e, i) => (
            <div key={i} data-testid="criteria-error">
              <Typography.Text type="danger">{e}</Typography.Text>
            </div>
          ))}
        </div>
      )}
    </Form.List>
  );
}
