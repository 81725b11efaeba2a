// Imported first by every page's script: translates the page's static text (data-i18n) into the chosen language and
// puts the language switch into the page's #language-host, when it has one.

import { mountLanguageSwitch, translatePage } from './i18n.js';

translatePage();
const host = document.getElementById('language-host');
if (host) mountLanguageSwitch(host);
