// The one message catalogue every page speaks through: t('key', {params}) looks a string up in the chosen language,
// falls back to English, and never builds HTML. Numbers, dates and times go through Intl in the same locale.
//
// The language is the one the person picked with the switch (kept in this browser), else the first of the browser's
// languages we ship, else English. Strings live in messages/<lang>/<area>.js, one file per screen so the people who
// change a screen change its strings beside it; tests/browser/i18n.test.mjs checks that every key used in the code
// exists in every language with the same {placeholders}.

import de from './messages/de/index.js';
import en from './messages/en/index.js';

export const CATALOGUES = { en, de };
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
];
const CHOICE_KEY = 'huddle.language';

function storedChoice() {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null;  // storage blocked: follow the browser
  }
}

/** The language to show: the person's choice, else the browser's first language we ship, else English. */
export function chooseLanguage(choice = storedChoice(), preferred = navigator.languages ?? [navigator.language]) {
  if (choice && CATALOGUES[choice]) return choice;
  for (const tag of preferred) {
    const base = String(tag ?? '').toLowerCase().split('-')[0];
    if (CATALOGUES[base]) return base;
  }
  return 'en';
}

let language = chooseLanguage();
let plurals = new Intl.PluralRules(language);
document.documentElement.lang = language;

export function currentLanguage() {
  return language;
}

/** Remembers the person's choice in this browser and reloads, so every screen (and the state pushed to it) is redrawn. */
export function chooseAndReload(code) {
  try {
    localStorage.setItem(CHOICE_KEY, code);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  language = chooseLanguage(code);
  plurals = new Intl.PluralRules(language);
  window.location.reload();
}

function lookup(key) {
  return CATALOGUES[language][key] ?? en[key];
}

/**
 * The text for `key` with `{name}` placeholders filled from `params`. A message may be an object of plural forms
 * ({one, other, ...}), picked by params.count with Intl.PluralRules; numbers in params are formatted for the locale.
 * An unknown key returns the key itself, so a missing string is visible (and the catalogue test catches it first).
 */
export function t(key, params = {}) {
  let message = lookup(key);
  if (message === undefined) return key;
  if (typeof message === 'object') message = message[plurals.select(Number(params.count ?? 0))] ?? message.other;
  return message.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value) : String(value ?? '');
  });
}

export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(language, options).format(value);
}

/** A clock time ("14:05" / "2:05 PM") for a Date or epoch milliseconds. */
export function formatTime(when) {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(when));
}

/** A date and time for reports ("5 Dec 2026, 14:05"). */
export function formatDateTime(when) {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(when));
}

/** A list as people say it: "Ana, Ben and Chloe" / "Ana, Ben und Chloe". */
export function formatList(items) {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * Translates the static text of a page: every element with data-i18n="key" gets that text, and
 * data-i18n-attr="aria-label:key;placeholder:key2" sets attributes. Pages call this once when their script starts.
 */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((part) => part.trim());
      if (attr && key) node.setAttribute(attr, t(key));
    }
  }
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = title.textContent;
}

/**
 * A language switch (a labelled <select>) in `host`. Changing it stores the choice and reloads the page; the page's
 * seat, key or token are in localStorage, so the person comes straight back where they were.
 */
export function mountLanguageSwitch(host) {
  const id = 'language-switch';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.className = 'visually-hidden';
  label.textContent = t('common.language');
  const select = document.createElement('select');
  select.id = id;
  select.className = 'input input-small language-switch';
  select.dataset.testid = 'language-switch';
  for (const { code, name } of LANGUAGES) {
    const option = document.createElement('option');
    option.value = code;
    option.lang = code;
    option.textContent = name;
    option.selected = code === language;
    select.appendChild(option);
  }
  select.addEventListener('change', () => chooseAndReload(select.value));
  host.replaceChildren(label, select);
  return select;
}
