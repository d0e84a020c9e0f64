import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';

/** Stored times are UTC ISO strings; inspectors read them in Shanghai time. */
const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // zh-CN gives 2026/11/27 10:30; the app writes dates as YYYY-MM-DD.
  return TIME.format(d).replace(/\//g, '-');
}

export function shortHash(sha256: string): string {
  return `${sha256.slice(0, 8)}…${sha256.slice(-4)}`;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

const SHANGHAI = 'Asia/Shanghai';

function shanghai(iso: string): dayjs.Dayjs | null {
  const d = dayjs(iso);
  return d.isValid() ? d.tz(SHANGHAI) : null;
}

/** A receipt's time on a tag, where space is short: 12-03 14:05 (Shanghai). */
export function formatShortTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return shanghai(iso)?.format('MM-DD HH:mm') ?? iso;
}

/** A retry time: HH:mm when it is today in Shanghai, else MM-DD HH:mm. */
export function formatSoon(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const d = shanghai(iso);
  if (!d) return iso;
  return d.format('YYYY-MM-DD') === dayjs(now).tz(SHANGHAI).format('YYYY-MM-DD') ? d.format('HH:mm') : d.format('MM-DD HH:mm');
}

/** "3 分钟前" beside a full time, so the inspector sees at once whether the contact is fresh. */
export function formatAgo(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.fromNow() : '';
}
