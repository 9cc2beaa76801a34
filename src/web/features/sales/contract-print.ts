/**
 * SAL-3 the contract as an A4 page (制式合同文本): parties, lines, the clauses copied from the
 * approved template, the payment schedule and the signature blocks, printed from a window of its own
 * so nothing of the application's shell is printed with it.
 */
import type { TFunction } from 'i18next';
import { contractClauseKeys, type Contract } from '../../../contract/sales.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const money = (s: string) => Number(s).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function contractPrintHtml(k: Contract, t: TFunction): string {
  const row = (cells: string[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  const lines = k.lines.length
    ? `<table><thead>${row([t('sales.contracts.product'), t('sales.contracts.spec'), t('sales.contracts.quantity'), t('sales.contracts.unit'), t('sales.contracts.price')].map(escape), 'th')}</thead><tbody>${k.lines
        .map((l) => row([escape(l.product), escape(l.spec ?? ''), escape(l.quantity), escape(l.unit), escape(l.price)]))
        .join('')}</tbody></table>`
    : '';
  const clauses = k.clauses
    ? `<h2>${escape(t('sales.templates.contractClauses'))}</h2><ol>${contractClauseKeys.map((c) => `<li><b>${escape(t(`sales.templates.clauses.${c}`))}</b>：<span class="pre">${escape(k.clauses![c])}</span></li>`).join('')}</ol>`
    : '';
  const schedule = `<h2>${escape(t('sales.contracts.instalments'))}</h2><table><thead>${row([t('sales.contracts.instalmentDue'), t('sales.contracts.instalmentAmount')].map(escape), 'th')}</thead><tbody>${k.instalments.map((i) => row([escape(i.dueOn), escape(money(i.amount))])).join('')}</tbody></table>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(k.contractNo)}</title><style>
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; font-size: 11pt; color: #000; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; }
.no { text-align: right; } table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; }
ol { padding-left: 6mm; } li { margin: 1.5mm 0; } .pre { white-space: pre-wrap; } .sign { margin-top: 14mm; line-height: 2.2; } .src { color: #555; font-size: 9pt; }
</style></head><body>
<h1>${escape(k.title)}</h1><p class="no">${escape(t('sales.contracts.contractNo'))}：${escape(k.contractNo)}</p>
<p>${escape(t('sales.templates.printParties', { customer: k.customerName }))}</p>
<p>${escape(t('sales.contracts.amount'))}：¥${escape(money(k.amount))}</p>
${lines}${clauses}${schedule}
<div class="sign"><div>${escape(t('sales.templates.printSign'))}</div><div>${escape(t('sales.templates.printSignatory', { name: k.signatory }))}</div><div>${escape(t('sales.contracts.signedOn'))}：${escape(k.signedOn ?? '＿＿＿＿年＿＿月＿＿日')}</div></div>
${k.template ? `<p class="src">${escape(t('sales.templates.fromTemplate', { name: k.template.name, n: k.template.versionNumber }))}</p>` : ''}
</body></html>`;
}

/** Opens the A4 page in a window of its own and prints it. */
export function printContract(k: Contract, t: TFunction): void {
  const w = window.open('', '_blank');
  if (!w) return;
  w.document.open();
  w.document.write(contractPrintHtml(k, t));
  w.document.close();
  w.focus();
  w.print();
}
