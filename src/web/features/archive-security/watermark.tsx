/**
 * SEC-5: confidential and top-secret archives show the viewer's name and the time over the content —
 * Ant Design's Watermark (a repeating diagonal text that does not catch the pointer, restored if
 * removed from the page), printed too.
 */
import { Watermark } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../ui/format.js';
import { useCurrentUser } from '../auth/current-user.js';

const printCss = '@media print { [data-testid="archive-watermark"] * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }';

export const Watermarked = ({ enabled, children }: { enabled: boolean; children: ReactNode }) => {
  const me = useCurrentUser();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, [enabled]);
  if (!enabled) return <>{children}</>;
  const time = formatDateTime(now.toISOString());
  const text = `${me.displayName}（${me.username}） ${time}`;
  return (
    <div data-testid="archive-watermark" data-watermark={text}>
      <style>{printCss}</style>
      <Watermark content={[`${me.displayName}（${me.username}）`, time]} rotate={-24} gap={[120, 100]} zIndex={20} font={{ color: 'rgba(0,0,0,0.11)', fontSize: 15, fontFamily: 'sans-serif' }}>
        {children}
      </Watermark>
    </div>
  );
};
