// Entry point: global styles, the document language, and the app element (everything else loads from there).
import "./styles/theme.css";
import { currentLocale } from "./i18n/index.js";
import "./elements/cad-app.js";

document.documentElement.lang = currentLocale();
