/** antd's own texts (pickers, pagination, modals) in the chosen language. */
import type { ConfigProviderProps } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import type { Language } from './index.js';

type Locale = NonNullable<ConfigProviderProps['locale']>;

// antd's package is not marked as ESM, so TypeScript (NodeNext) types these default imports as
// CommonJS `module.exports` objects while Vite hands over the locale itself; accept both shapes.
const unwrap = (m: unknown): Locale =>
  (typeof m === 'object' && m !== null && 'default' in m ? (m as { default: Locale }).default : m) as Locale;

const locales: Record<Language, Locale> = { 'zh-CN': unwrap(zhCNModule), 'en-US': unwrap(enUSModule) };

export const antdLocale = (language: Language): Locale => locales[language];
