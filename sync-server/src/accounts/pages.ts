import type { ServerResponse } from "node:http";
import { escapeHtml as e } from "./mail-templates.js";
import type { Language } from "./language.js";

type PageText = {
  verifyTitle: string;
  verifyBody: string;
  verifyButton: string;
  verifiedTitle: string;
  verifiedBody: string;
  resetTitle: string;
  resetBody: string;
  newPassword: string;
  confirmPassword: string;
  resetButton: string;
  resetDoneTitle: string;
  resetDoneBody: string;
  mismatch: string;
  tooShort: string;
  invalidTitle: string;
  invalidBody: string;
  openApp: string;
};

const TEXT: Record<Language, PageText> = {
  en: {
    verifyTitle: "Confirm your email address",
    verifyBody: "Press the button to confirm this email address for your Cadence account.",
    verifyButton: "Confirm email address",
    verifiedTitle: "Email address confirmed",
    verifiedBody:
      "Thank you. Your email address is confirmed. Devices that were signed in may ask you to sign in again.",
    resetTitle: "Choose a new password",
    resetBody: "At least 8 characters. Saving it signs you out on all your devices.",
    newPassword: "New password",
    confirmPassword: "Repeat the new password",
    resetButton: "Save the new password",
    resetDoneTitle: "Password changed",
    resetDoneBody:
      "Your new password is saved and all your devices were signed out. Sign in with the new password.",
    mismatch: "The two passwords are not the same.",
    tooShort: "The password needs at least 8 characters (at most 256).",
    invalidTitle: "This link does not work any more",
    invalidBody:
      "Links from Cadence emails work once and only for a limited time. Ask for a new one in the app.",
    openApp: "Open Cadence",
  },
  nb: {
    verifyTitle: "Bekreft e-postadressen din",
    verifyBody: "Trykk på knappen for å bekrefte denne e-postadressen for Cadence-kontoen din.",
    verifyButton: "Bekreft e-postadressen",
    verifiedTitle: "E-postadressen er bekreftet",
    verifiedBody:
      "Takk. E-postadressen din er bekreftet. Enheter som var logget inn, kan be deg logge inn på nytt.",
    resetTitle: "Velg et nytt passord",
    resetBody: "Minst 8 tegn. Når du lagrer, blir du logget ut på alle enhetene dine.",
    newPassword: "Nytt passord",
    confirmPassword: "Gjenta det nye passordet",
    resetButton: "Lagre det nye passordet",
    resetDoneTitle: "Passordet er endret",
    resetDoneBody:
      "Det nye passordet er lagret, og alle enhetene dine er logget ut. Logg inn med det nye passordet.",
    mismatch: "De to passordene er ikke like.",
    tooShort: "Passordet må ha minst 8 tegn (høyst 256).",
    invalidTitle: "Denne lenken virker ikke lenger",
    invalidBody: "Lenker i e-post fra Cadence virker én gang og bare en begrenset tid. Be om en ny i appen.",
    openApp: "Åpne Cadence",
  },
  es: {
    verifyTitle: "Confirma tu dirección de correo",
    verifyBody: "Pulsa el botón para confirmar esta dirección de correo para tu cuenta de Cadence.",
    verifyButton: "Confirmar dirección de correo",
    verifiedTitle: "Dirección de correo confirmada",
    verifiedBody:
      "Gracias. Tu dirección de correo está confirmada. Es posible que los dispositivos con sesión iniciada te pidan iniciar sesión de nuevo.",
    resetTitle: "Elige una contraseña nueva",
    resetBody: "Al menos 8 caracteres. Al guardarla se cerrará la sesión en todos tus dispositivos.",
    newPassword: "Contraseña nueva",
    confirmPassword: "Repite la contraseña nueva",
    resetButton: "Guardar la contraseña nueva",
    resetDoneTitle: "Contraseña cambiada",
    resetDoneBody:
      "Tu contraseña nueva está guardada y se ha cerrado la sesión en todos tus dispositivos. Inicia sesión con la contraseña nueva.",
    mismatch: "Las dos contraseñas no coinciden.",
    tooShort: "La contraseña necesita al menos 8 caracteres (como máximo 256).",
    invalidTitle: "Este enlace ya no funciona",
    invalidBody:
      "Los enlaces de los correos de Cadence funcionan una sola vez y durante un tiempo limitado. Pide uno nuevo en la app.",
    openApp: "Abrir Cadence",
  },
  de: {
    verifyTitle: "Bestätige deine E-Mail-Adresse",
    verifyBody: "Drücke den Knopf, um diese E-Mail-Adresse für dein Cadence-Konto zu bestätigen.",
    verifyButton: "E-Mail-Adresse bestätigen",
    verifiedTitle: "E-Mail-Adresse bestätigt",
    verifiedBody:
      "Danke. Deine E-Mail-Adresse ist bestätigt. Angemeldete Geräte fragen dich eventuell erneut nach der Anmeldung.",
    resetTitle: "Wähle ein neues Passwort",
    resetBody: "Mindestens 8 Zeichen. Beim Speichern wirst du auf allen Geräten abgemeldet.",
    newPassword: "Neues Passwort",
    confirmPassword: "Neues Passwort wiederholen",
    resetButton: "Neues Passwort speichern",
    resetDoneTitle: "Passwort geändert",
    resetDoneBody:
      "Dein neues Passwort ist gespeichert, und alle deine Geräte wurden abgemeldet. Melde dich mit dem neuen Passwort an.",
    mismatch: "Die beiden Passwörter stimmen nicht überein.",
    tooShort: "Das Passwort braucht mindestens 8 Zeichen (höchstens 256).",
    invalidTitle: "Dieser Link funktioniert nicht mehr",
    invalidBody:
      "Links aus E-Mails von Cadence funktionieren einmal und nur für begrenzte Zeit. Fordere in der App einen neuen an.",
    openApp: "Cadence öffnen",
  },
};

export function pageText(lang: Language): PageText {
  return TEXT[lang];
}

/**
 * A small self-contained HTML page (no scripts) for the links in emails. Token pages are never cached and send
 * `Referrer-Policy: strict-origin`, so the token in the URL never leaves in a Referer header.
 */
export function sendPage(
  res: ServerResponse,
  status: number,
  lang: Language,
  title: string,
  bodyHtml: string,
): void {
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="strict-origin">` +
    `<title>${e(title)} · Cadence</title><style>` +
    `body{font-family:system-ui,sans-serif;line-height:1.5;color:#111;background:#f6f7f7;margin:0;padding:24px}` +
    `main{max-width:420px;margin:10vh auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 4px #0002}` +
    `label{display:block;margin:12px 0 4px;font-weight:600}input{width:100%;box-sizing:border-box;padding:10px;font-size:16px;border:1px solid #999;border-radius:8px}` +
    `button,a.button{display:inline-block;margin-top:16px;padding:12px 18px;font-size:16px;font-weight:600;background:#0f766e;color:#fff;border:0;border-radius:8px;text-decoration:none;cursor:pointer}` +
    `.error{color:#b42318;font-weight:600}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}main{background:#1c1c1c}input{background:#111;color:#eee}}` +
    `</style></head><body><main><h1>${e(title)}</h1>${bodyHtml}</main></body></html>`;
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    "referrer-policy": "strict-origin",
  });
  res.end(html);
}

export { e as escapeHtml };
