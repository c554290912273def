import { useEffect, useState } from 'react';
import { api } from '../api/http';

/** server time − browser time in ms, from /api/health (the server clock decides deadlines). */
let offsetPromise: Promise<number> | null = null;

export function serverOffset(): Promise<number> {
  offsetPromise ??= (async () => {
    const sent = Date.now();
    const { time } = await api<{ time: string }>('/health');
    const received = Date.now();
    return Date.parse(time) - (sent + received) / 2;
  })().catch(() => {
    offsetPromise = null;
    return 0;
  });
  return offsetPromise;
}

/** Milliseconds left until `deadline` by the server's clock, ticking every second (null until known). */
export function useCountdown(deadline: string | null | undefined): number | null {
  const [offset, setOffset] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let live = true;
    void serverOffset().then((o) => live && setOffset(o));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!deadline || offset === null) {
    return null;
  }
  return Date.parse(deadline) - (now + offset);
}

/** "2天 03:04:05" style parts for a countdown. */
export function splitDuration(ms: number): { days: number; hh: string; mm: string; ss: string } {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return { days: Math.floor(s / 86400), hh: pad(Math.floor((s % 86400) / 3600)), mm: pad(Math.floor((s % 3600) / 60)), ss: pad(s % 60) };
}
