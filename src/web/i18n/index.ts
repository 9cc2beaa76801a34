/** i18next set-up: zh-CN by default, the choice persisted in localStorage; antd and dayjs follow it. */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS, type Messages } from './en-US.js';
import { zhCN } from './zh-CN.js';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'kedang.language';

declare module 'i18next' {
  // Declaration merging is how i18next learns the key set (the one `interface` the house style allows).
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

const readStoredLanguage = (): Language => {
  try {
    const stored = window.localStorage.getItem(storageKey);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall back to the default
  }
  return 'zh-CN';
};

const applyDocumentLanguage = (language: Language): void => {
  document.documentElement.lang = language;
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
};

export const initI18n = async (): Promise<void> => {
  const language = readStoredLanguage();
  applyDocumentLanguage(language);
  await i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    lng: language,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
};

export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : 'zh-CN');

export const setLanguage = async (language: Language): Promise<void> => {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // not persisted; still switch for this visit
  }
  applyDocumentLanguage(language);
  await i18n.changeLanguage(language);
};
