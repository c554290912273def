import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { formatShanghai, shanghaiToIso } from './shanghai-time';

type Props = { value?: string | null; onChange?: (iso: string | null) => void; testId?: string; id?: string };

/**
 * A date-time input whose wall time is Asia/Shanghai, whatever the browser's zone: the picker
 * only ever holds wall-clock fields, and the form value is UTC ISO.
 */
export function ShanghaiDateTimeInput({ value, onChange, testId, id }: Props) {
  const wall = value ? formatShanghai(value) : '';
  return (
    <span data-testid={testId} style={{ display: 'inline-block' }}>
      <DatePicker
        id={id}
        showTime={{ format: 'HH:mm:ss' }}
        format="YYYY-MM-DD HH:mm:ss"
        value={wall ? dayjs(wall, 'YYYY-MM-DD HH:mm:ss') : null}
        onChange={(d) => onChange?.(d ? shanghaiToIso(d.format('YYYY-MM-DD HH:mm:ss')) : null)}
        style={{ minWidth: 220 }}
        suffixIcon={<span style={{ fontSize: 12, color: '#999' }}>UTC+8</span>}
      />
    </span>
  );
}
