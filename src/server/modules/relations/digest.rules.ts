/** REL-5 the daily digest, pure: which of a user's open tasks it lists and the message it makes. */
import { escapeHtml } from '../forms/forms.render.js';

export type DigestTask = { title: string; dueOn: string; customerName: string | null; kind: string };
export type DigestMessage = { subject: string; text: string; html: string };

/** The tasks a digest lists on `today`: overdue (oldest first) and due today. Nothing to say → null (no mail). */
export function composeDigest(name: string, today: string, tasks: readonly DigestTask[], link: string | null): DigestMessage | null {
  const overdue = tasks.filter((t) => t.dueOn < today).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const dueToday = tasks.filter((t) => t.dueOn === today);
  if (overdue.length === 0 && dueToday.length === 0) return null;
  const days = (d: string) => Math.round((Date.parse(today) - Date.parse(d)) / 86_400_000);
  const line = (t: DigestTask, late: boolean) => `${t.title}${late ? `（逾期 ${days(t.dueOn)} 天，应于 ${t.dueOn} 完成）` : ''}`;
  const subject = `【客档】${today} 每日摘要：逾期 ${overdue.length} 项，今日到期 ${dueToday.length} 项`;
  const section = (title: string, items: readonly DigestTask[], late: boolean) => (items.length === 0 ? [] : [`${title}（${items.length}）`, ...items.map((t) => `  · ${line(t, late)}`), '']);
  const text = [`${name}，您好：`, '', ...section('已逾期', overdue, true), ...section('今日到期', dueToday, false), link ? `处理任务：${link}` : '请登录客档，在“我的任务”中处理。', '', '不想再收到每日摘要？在“我的账户”中关闭即可。'].join('\n');
  const list = (items: readonly DigestTask[], late: boolean) => `<ul>${items.map((t) => `<li>${escapeHtml(line(t, late))}</li>`).join('')}</ul>`;
  const html = `<p>${escapeHtml(name)}，您好：</p>${overdue.length ? `<h3 style="color:#cf1322">已逾期（${overdue.length}）</h3>${list(overdue, true)}` : ''}${dueToday.length ? `<h3>今日到期（${dueToday.length}）</h3>${list(dueToday, false)}` : ''}<p>${link ? `<a href="${escapeHtml(link)}">处理任务</a>` : '请登录客档，在“我的任务”中处理。'}</p><p style="color:#888;font-size:12px">不想再收到每日摘要？在“我的账户”中关闭即可。</p>`;
  return { subject, text, html };
}

/** The stored SMTP URL as shown: its password replaced by ***. */
export function maskSmtpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return null;
  }
}

/** A URL sent back with the *** password keeps the stored one. */
export function mergeSmtpUrl(sent: string | null, stored: string | null): string | null {
  if (!sent) return null;
  const u = new URL(sent);
  if (u.password === '***' || u.password === '%2A%2A%2A') {
    const old = stored ? new URL(stored) : null;
    u.password = old && old.username === u.username && old.host === u.host ? old.password : '';
  }
  return u.toString();
}
