import type { Language } from "./language.js";

export type MailKind = "verify_email" | "reset_password" | "password_changed";

interface Template {
  subject: string;
  greeting: string;
  body: string;
  /** Button text; absent for mails without a link. */
  action?: string;
  /** Shown under the link: how long it works, or what to do when the mail was unexpected. */
  note: string;
}

/** {hours} / {minutes} are filled in. */
const TEMPLATES: Record<Language, Record<MailKind, Template>> = {
  en: {
    verify_email: {
      subject: "Confirm your email address for Cadence",
      greeting: "Hi {name},",
      body: "Please confirm that this is your email address, so you can always get back into your Cadence account.",
      action: "Confirm email address",
      note: "The link works once and expires in {hours} hours. If you did not create a Cadence account, ignore this email.",
    },
    reset_password: {
      subject: "Reset your Cadence password",
      greeting: "Hi {name},",
      body: "Someone (hopefully you) asked to reset the password of your Cadence account.",
      action: "Choose a new password",
      note: "The link works once and expires in {minutes} minutes. Resetting signs you out on all your devices. If you did not ask for this, ignore this email: your password stays as it is.",
    },
    password_changed: {
      subject: "Your Cadence password was changed",
      greeting: "Hi {name},",
      body: "The password of your Cadence account was just changed, and all your devices were signed out.",
      note: "If this was not you, reset your password right away with “Forgot password” on the sign-in screen.",
    },
  },
  nb: {
    verify_email: {
      subject: "Bekreft e-postadressen din for Cadence",
      greeting: "Hei {name},",
      body: "Bekreft at dette er e-postadressen din, slik at du alltid kommer tilbake til Cadence-kontoen din.",
      action: "Bekreft e-postadressen",
      note: "Lenken virker én gang og utløper om {hours} timer. Hvis du ikke har opprettet en Cadence-konto, kan du se bort fra denne e-posten.",
    },
    reset_password: {
      subject: "Tilbakestill passordet ditt i Cadence",
      greeting: "Hei {name},",
      body: "Noen (forhåpentligvis du) har bedt om å tilbakestille passordet til Cadence-kontoen din.",
      action: "Velg et nytt passord",
      note: "Lenken virker én gang og utløper om {minutes} minutter. Når du tilbakestiller, blir du logget ut på alle enhetene dine. Hvis du ikke ba om dette, kan du se bort fra e-posten: passordet ditt forblir uendret.",
    },
    password_changed: {
      subject: "Passordet ditt i Cadence er endret",
      greeting: "Hei {name},",
      body: "Passordet til Cadence-kontoen din ble nettopp endret, og alle enhetene dine ble logget ut.",
      note: "Hvis det ikke var deg, tilbakestill passordet med en gang via «Glemt passord» på innloggingssiden.",
    },
  },
  es: {
    verify_email: {
      subject: "Confirma tu dirección de correo para Cadence",
      greeting: "Hola, {name}:",
      body: "Confirma que esta es tu dirección de correo para que siempre puedas volver a tu cuenta de Cadence.",
      action: "Confirmar dirección de correo",
      note: "El enlace funciona una sola vez y caduca en {hours} horas. Si no creaste una cuenta de Cadence, ignora este correo.",
    },
    reset_password: {
      subject: "Restablece tu contraseña de Cadence",
      greeting: "Hola, {name}:",
      body: "Alguien (esperamos que tú) ha pedido restablecer la contraseña de tu cuenta de Cadence.",
      action: "Elegir una contraseña nueva",
      note: "El enlace funciona una sola vez y caduca en {minutes} minutos. Al restablecerla se cerrará la sesión en todos tus dispositivos. Si no lo pediste, ignora este correo: tu contraseña no cambia.",
    },
    password_changed: {
      subject: "Se ha cambiado tu contraseña de Cadence",
      greeting: "Hola, {name}:",
      body: "Acabamos de cambiar la contraseña de tu cuenta de Cadence y se ha cerrado la sesión en todos tus dispositivos.",
      note: "Si no fuiste tú, restablece tu contraseña ahora con «¿Olvidaste tu contraseña?» en la pantalla de inicio de sesión.",
    },
  },
  de: {
    verify_email: {
      subject: "Bestätige deine E-Mail-Adresse für Cadence",
      greeting: "Hallo {name},",
      body: "Bitte bestätige, dass dies deine E-Mail-Adresse ist, damit du jederzeit wieder in dein Cadence-Konto kommst.",
      action: "E-Mail-Adresse bestätigen",
      note: "Der Link funktioniert einmal und läuft in {hours} Stunden ab. Wenn du kein Cadence-Konto angelegt hast, ignoriere diese E-Mail.",
    },
    reset_password: {
      subject: "Setze dein Cadence-Passwort zurück",
      greeting: "Hallo {name},",
      body: "Jemand (hoffentlich du) hat angefordert, das Passwort deines Cadence-Kontos zurückzusetzen.",
      action: "Neues Passwort wählen",
      note: "Der Link funktioniert einmal und läuft in {minutes} Minuten ab. Beim Zurücksetzen wirst du auf allen Geräten abgemeldet. Wenn du das nicht angefordert hast, ignoriere diese E-Mail: Dein Passwort bleibt unverändert.",
    },
    password_changed: {
      subject: "Dein Cadence-Passwort wurde geändert",
      greeting: "Hallo {name},",
      body: "Das Passwort deines Cadence-Kontos wurde gerade geändert, und alle deine Geräte wurden abgemeldet.",
      note: "Wenn du das nicht warst, setze dein Passwort sofort über „Passwort vergessen“ auf der Anmeldeseite zurück.",
    },
  },
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A mail of `kind` in `language`, with the link (if any) as a button in HTML and on its own line in text. */
export function renderMail(
  kind: MailKind,
  language: Language,
  params: { name: string; link?: string; ttlMs?: number },
): RenderedMail {
  const t = TEMPLATES[language][kind];
  const ttl = params.ttlMs ?? 0;
  const fill = (s: string) =>
    s
      .replace("{name}", params.name)
      .replace("{hours}", String(Math.round(ttl / 3600_000)))
      .replace("{minutes}", String(Math.round(ttl / 60_000)));
  const lines = [fill(t.greeting), "", fill(t.body), ""];
  if (params.link && t.action) lines.push(`${t.action}:`, params.link, "");
  lines.push(fill(t.note), "", "— Cadence");
  const e = escapeHtml;
  const button =
    params.link && t.action
      ? `<p><a href="${e(params.link)}" style="display:inline-block;padding:12px 20px;background:#0f766e;color:#fff;border-radius:8px;text-decoration:none;font-weight:600">${e(t.action)}</a></p>` +
        `<p style="font-size:13px;color:#555;word-break:break-all">${e(params.link)}</p>`
      : "";
  const html =
    `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:560px">` +
    `<p>${e(fill(t.greeting))}</p><p>${e(fill(t.body))}</p>${button}` +
    `<p style="font-size:13px;color:#555">${e(fill(t.note))}</p><p>— Cadence</p></body></html>`;
  return { subject: t.subject, text: lines.join("\n"), html };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
