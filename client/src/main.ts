// Entry point: global styles, the remembered look and language and the service worker (startup.ts), then the
// app element. <cad-app> is created only once the language has loaded, so the first frame is in the user's
// language rather than English for a moment.
import "./styles/theme.css";
import { start } from "./startup.js";
import "./elements/cad-app.js";

await start();
document.body.prepend(document.createElement("cad-app"));
