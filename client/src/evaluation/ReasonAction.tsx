import { Button, Input, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';

type Props = {
  label: string;
  title: string;
  placeholder: string;
  testId: string;
  onSubmit: (text: string) => Promise<unknown>;
  buttonProps?: ButtonProps;
};

/** A button that asks for a required text (a note, a reason) in a modal, then runs the command. */
export function ReasonAction({ label, title, placeholder, testId, onSubmit, buttonProps }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ok = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text.trim());
      setOpen(false);
      setText('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" data-testid={testId} {...buttonProps} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: text.trim().length < 2, loading: busy, ...{ 'data-testid': 'reason-ok' } }}
        onOk={ok}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Input.TextArea rows={3} value={text} maxLength={1000} placeholder={placeholder} data-testid="reason-text" onChange={(e) => setText(e.target.value)} />
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </Modal>
    </>
  );
}
