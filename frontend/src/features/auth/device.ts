// A short name for a session's device from its User-Agent: "Chrome on Linux",
// "Safari on iPhone", "curl". Falls back to the raw string, cut short.
import { t } from '../../i18n';

const MAX = 48;

function browser(ua: string): string | null {
  if (/\bEdg(e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/\b(OPR|Opera)\//.test(ua)) return 'Opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/\b(Firefox|FxiOS)\//.test(ua)) return 'Firefox';
  if (/\bHeadlessChrome\//.test(ua)) return 'Headless Chrome';
  if (/\b(Chrome|CriOS|Chromium)\//.test(ua)) return 'Chrome';
  if (/\bVersion\/[\d.]+.*\bSafari\//.test(ua) || (/\bAppleWebKit\//.test(ua) && /\b(iPhone|iPad|Macintosh)\b/.test(ua))) return 'Safari';
  return null;
}

function system(ua: string): string | null {
  if (/\biPhone\b/.test(ua)) return 'iPhone';
  if (/\biPad\b/.test(ua)) return 'iPad';
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\b(Macintosh|Mac OS X)\b/.test(ua)) return 'macOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return null;
}

export function describeDevice(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? '').trim();
  if (!ua) return t('account.unknownDevice');
  const b = browser(ua);
  const s = system(ua);
  if (b && s) return t('account.browserOn', { browser: b, system: s });
  if (b) return b;
  // A tool (curl/8.5.0, node, python-requests/2.31): its name.
  const tool = /^([A-Za-z][\w.-]*)\//.exec(ua);
  if (tool && tool[1] !== 'Mozilla') return s ? t('account.browserOn', { browser: tool[1], system: s }) : tool[1];
  if (s) return s;
  return ua.length > MAX ? `${ua.slice(0, MAX - 1)}…` : ua;
}
