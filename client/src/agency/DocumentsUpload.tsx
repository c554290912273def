import { App, Button, Select, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { TenderDocument } from '../api/types';
import { errorText } from '../components/errors';

/** Upload a tender document (multipart field `file`), optionally as a new version of one (`replaces`). */
export function DocumentsUpload({ tenderId, current, onUploaded, disabled }: { tenderId: string; current: TenderDocument[]; onUploaded: () => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [replaces, setReplaces] = useState<string>('');
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    const body = new FormData();
    if (replaces) {
      body.append('replaces', replaces); // text fields before the file, so a streaming parser sees it first
    }
    body.append('file', file, file.name);
    setBusy(true);
    try {
      const res = await api<{ document: TenderDocument }>(`/tenders/${tenderId}/documents`, { method: 'POST', body });
      message.success(t('docs.uploaded', { name: res.document.name }));
      setReplaces('');
      onUploaded();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space wrap>
      <Select
        value={replaces}
        onChange={setReplaces}
        style={{ minWidth: 240 }}
        disabled={disabled}
        data-testid="document-replaces"
        options={[{ value: '', label: t('docs.replacesNone') }, ...current.map((d) => ({ value: d.id, label: `${t('docs.replaces')}：${d.name} v${d.version}` }))]}
      />
      <Upload
        showUploadList={false}
        disabled={disabled || busy}
        beforeUpload={(file) => {
          void upload(file);
          return false; // we send it ourselves, with the token
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} disabled={disabled} data-testid="document-upload">
          {t('docs.upload')}
        </Button>
      </Upload>
    </Space>
  );
}
