import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldIssue } from '../api/http';
import { errorText } from './errors';

/** An API error as an alert: the translated code, the server's message and any field issues. */
export function ErrorAlert({ error, style, fields: shown, hint }: { error: unknown; style?: React.CSSProperties; fields?: FieldIssue[]; hint?: string }) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  const fields = shown ?? (error instanceof ApiError ? error.fields : []);
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      data-testid="error-alert"
      title={hint ? `${errorText(t, error)}：${hint}` : errorText(t, error)}
      description={
        fields.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {fields.map((f) => (
              <li key={`${f.path}:${f.message}`}>
                {f.path ? <code>{f.path}</code> : null} {f.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
