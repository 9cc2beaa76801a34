/**
 * SEC-5: confidential and top-secret archives show the viewer's name and the time over the content —
 * a repeating diagonal text that does not catch the pointer and is printed too.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../ui/format.js';
import { useCurrentUser } from '../auth/current-user.js';

const svgTile = (lines: string[]): string => {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = lines.map((l, i) => `<text x="20" y="${110 + i * 22}" font-size="15" font-family="sans-serif" fill="rgba(0,0,0,0.11)">${esc(l)}</text>`).join('');
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><g transform="rotate(-24 150 100)">${text}</g></svg>`)}")`;
};

const printCss = '@media print { [data-testid="archive-watermark"] { -webkit-print-color-adjust: exact; print-color-adjust: exact; position: fixed !important; } }';

export const Watermarked = ({ enabled, children }: { enabled: boolean; children: ReactNode }) => {
  const me = useCurrentUser();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, [enabled]);
  if (!enabled) return <>{children}</>;
  const text = `${me.displayName}（${me.username}） ${formatDateTime(now.toISOString())}`;
  return (
    <div style={{ position: 'relative' }}>
      {children}
      <style>{printCss}</style>
      <div
        aria-hidden
        data-testid="archive-watermark"
        data-watermark={text}
        style={{ position: 'absolute', inset: 0, zIndex: 20, pointerEvents: 'none', backgroundImage: svgTile([me.displayName, formatDateTime(now.toISOString())]), backgroundRepeat: 'repeat' }}
      />
    </div>
  );
};
