import { Button, Form, Input, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { loadPkcs12, Pkcs12Error, type LoadedIdentity } from '../crypto';

type TestIds = { upload?: string; button?: string; password: string };

/**
 * The two form fields every signing or decrypting page asks for: the holder's PKCS#12 file (read
 * in the browser only) and its password. `hint` shows under the file picker.
 */
export function Pkcs12Fields({ file, onFile, password, onPassword, testIds, hint }: {
  file: File | null;
  onFile: (f: File | null) => void;
  password: string;
  onPassword: (p: string) => void;
  testIds: TestIds;
  hint?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={t('bid.p12File')} required>
        <Upload
          accept=".p12,.pfx,application/x-pkcs12"
          maxCount={1}
          beforeUpload={(f) => {
            onFile(f);
            return false;
          }}
          onRemove={() => onFile(null)}
          fileList={file ? [{ uid: 'p12', name: file.name, status: 'done' }] : []}
          data-testid={testIds.upload}
        >
          <Button icon={<UploadOutlined />} data-testid={testIds.button}>
            {t('bid.chooseP12')}
          </Button>
        </Upload>
        {hint}
      </Form.Item>
      <Form.Item label={t('bid.p12PasswordLabel')} required>
        <Input.Password value={password} onChange={(e) => onPassword(e.target.value)} autoComplete="off" data-testid={testIds.password} />
      </Form.Item>
    </>
  );
}

/** Opens the PKCS#12 with its password; a wrong password or an unreadable file becomes a message the user can act on. */
export async function openPkcs12(file: File, password: string, t: TFunction): Promise<LoadedIdentity> {
  try {
    return await loadPkcs12(new Uint8Array(await file.arrayBuffer()), password);
  } catch (e) {
    throw new Error(e instanceof Pkcs12Error && e.reason === 'PASSWORD' ? t('bid.p12Password') : `${t('bid.p12Unreadable')}（${(e as Error).message}）`);
  }
}
