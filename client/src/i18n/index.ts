import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { en } from './en';
import { zhCN } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
const LANG_KEY = 'tenderhall.lang';

function initialLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

applyLang(i18n.language as Lang);

function applyLang(lang: Lang): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
}

/** Switches the UI language; antd's and dayjs's locales follow. */
export function setLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  applyLang(lang);
  void i18n.changeLanguage(lang);
}

export default i18n;
