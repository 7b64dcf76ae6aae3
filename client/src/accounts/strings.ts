/**
 * The words of the accounts elements in every language Cadence speaks: a feature catalog (../i18n/catalog.ts)
 * that follows the app's current locale. `{n}`, `{date}`, `{email}` are filled in.
 */
import { defineCatalog } from "../i18n/catalog.js";
import { currentLocale } from "../i18n/index.js";

const en = {
  sessionsTitle: "Where you are signed in",
  sessionsThis: "This device",
  sessionsActive: "Active now",
  sessionsLastSeen: "Last active {date}",
  sessionsSince: "Signed in {date}",
  sessionsSignOut: "Sign out",
  sessionsSignOutOf: "Sign out {device}",
  sessionsSignOutOthers: "Sign out all other devices",
  sessionsOthersDone: "Signed out of {n} other devices.",
  sessionsOnlyThis: "You are signed in only here.",
  exportTitle: "Download your data",
  exportIntro:
    "Everything Cadence holds about you — account, settings, every workout with its full edit history, context entries, music preferences — as JSON and CSV in one zip file.",
  exportStart: "Prepare my data",
  exportWorking: "Preparing… {n}%",
  exportQueued: "Waiting to start…",
  exportReady: "Your file is ready.",
  exportDownload: "Download (zip)",
  exportKept:
    "The file is kept until {date}. The download link works for an hour; open this page again for a new one.",
  exportFailed: "The export could not be completed.",
  exportExpired: "The last export has expired.",
  exportAgain: "Prepare a new export",
  deleteTitle: "Delete account",
  deleteWarning:
    "This permanently deletes your account and everything in it from the server: workouts, history, context entries, music data and connected services. Your other devices will forget it too. It cannot be undone.",
  deletePassword: "Your password",
  deleteEmail: "Type your email address ({email}) to confirm",
  deleteContinue: "Continue",
  deleteFinal: "Last step: delete the account for good?",
  deleteConfirm: "Delete my account",
  deleteCancel: "Cancel",
  deleteDone: "Your account has been deleted.",
  forgotTitle: "Forgot your password?",
  forgotIntro: "Enter your email address and we will send you a link to choose a new password.",
  email: "Email address",
  forgotSend: "Send the link",
  forgotSent: "If an account uses this address, a link is on its way. It works once, for an hour.",
  resetTitle: "Choose a new password",
  newPassword: "New password",
  repeatPassword: "Repeat the new password",
  resetSave: "Save the new password",
  resetDone: "Your password is changed and all devices were signed out. Sign in with the new password.",
  mismatch: "The two passwords are not the same.",
  tooShort: "The password needs at least 8 characters.",
  invalidLink: "This link does not work any more. Ask for a new one.",
  continueWithGoogle: "Continue with Google",
  continueWithApple: "Continue with Apple",
  loading: "Loading…",
  offline: "No connection to the server. Try again when you are online.",
  signedOutElsewhere:
    "This device was signed out, from another device or because the password was changed. Log in to continue.",
  deletedElsewhere: "This account was deleted, and this device has forgotten everything it held for it.",
  forgotLink: "Forgot password?",
  backToLogin: "Back to log in",
  or: "or",
  checkInbox: "Almost there: open the link we sent to {email} to confirm the address, then log in.",
  resendVerification: "Send the link again",
  emailUnverified:
    "Your email address is not confirmed yet. Open the link we sent you: a confirmed address is how you get back in if you forget your password.",
  verificationResent: "A new link is on its way. Only the newest one works.",
  authErrorAccessDenied: "Sign-in was cancelled. Try again, or use your email address and password.",
  authErrorInvalidState: "That sign-in took too long or was used already. Please start again.",
  authErrorEmailNotVerified:
    "The provider has not confirmed this email address. Confirm it there, or use your email address and password.",
  authErrorAccountExistsUnverified:
    "An account with this email address exists already. Log in with its password once; after that you can continue with the provider.",
  authErrorOauthFailed: "Signing in with the provider did not work. Try again in a moment.",
};

type Strings = typeof en;

const nb: Strings = {
  sessionsTitle: "Der du er logget inn",
  sessionsThis: "Denne enheten",
  sessionsActive: "Aktiv nå",
  sessionsLastSeen: "Sist aktiv {date}",
  sessionsSince: "Logget inn {date}",
  sessionsSignOut: "Logg ut",
  sessionsSignOutOf: "Logg ut {device}",
  sessionsSignOutOthers: "Logg ut alle andre enheter",
  sessionsOthersDone: "Logget ut av {n} andre enheter.",
  sessionsOnlyThis: "Du er bare logget inn her.",
  exportTitle: "Last ned dataene dine",
  exportIntro:
    "Alt Cadence har om deg – konto, innstillinger, hver økt med full endringshistorikk, kontekstnotater, musikkpreferanser – som JSON og CSV i én zip-fil.",
  exportStart: "Klargjør dataene mine",
  exportWorking: "Klargjør … {n} %",
  exportQueued: "Venter på å starte …",
  exportReady: "Filen er klar.",
  exportDownload: "Last ned (zip)",
  exportKept: "Filen tas vare på til {date}. Nedlastingslenken virker i én time; åpne siden igjen for en ny.",
  exportFailed: "Eksporten kunne ikke fullføres.",
  exportExpired: "Den forrige eksporten er utløpt.",
  exportAgain: "Klargjør en ny eksport",
  deleteTitle: "Slett kontoen",
  deleteWarning:
    "Dette sletter kontoen din og alt i den fra serveren for godt: økter, historikk, kontekstnotater, musikkdata og tilkoblede tjenester. De andre enhetene dine glemmer den også. Det kan ikke angres.",
  deletePassword: "Passordet ditt",
  deleteEmail: "Skriv inn e-postadressen din ({email}) for å bekrefte",
  deleteContinue: "Fortsett",
  deleteFinal: "Siste steg: slette kontoen for godt?",
  deleteConfirm: "Slett kontoen min",
  deleteCancel: "Avbryt",
  deleteDone: "Kontoen din er slettet.",
  forgotTitle: "Glemt passordet?",
  forgotIntro: "Skriv inn e-postadressen din, så sender vi deg en lenke for å velge et nytt passord.",
  email: "E-postadresse",
  forgotSend: "Send lenken",
  forgotSent: "Hvis en konto bruker denne adressen, er en lenke på vei. Den virker én gang, i én time.",
  resetTitle: "Velg et nytt passord",
  newPassword: "Nytt passord",
  repeatPassword: "Gjenta det nye passordet",
  resetSave: "Lagre det nye passordet",
  resetDone: "Passordet er endret, og alle enheter er logget ut. Logg inn med det nye passordet.",
  mismatch: "De to passordene er ikke like.",
  tooShort: "Passordet må ha minst 8 tegn.",
  invalidLink: "Denne lenken virker ikke lenger. Be om en ny.",
  continueWithGoogle: "Fortsett med Google",
  continueWithApple: "Fortsett med Apple",
  loading: "Laster …",
  offline: "Ingen forbindelse til serveren. Prøv igjen når du er på nett.",
  signedOutElsewhere:
    "Denne enheten ble logget ut, fra en annen enhet eller fordi passordet ble endret. Logg inn for å fortsette.",
  deletedElsewhere: "Denne kontoen er slettet, og denne enheten har glemt alt den hadde lagret for den.",
  forgotLink: "Glemt passordet?",
  backToLogin: "Tilbake til innlogging",
  or: "eller",
  checkInbox: "Nesten ferdig: åpne lenken vi sendte til {email} for å bekrefte adressen, og logg så inn.",
  resendVerification: "Send lenken på nytt",
  emailUnverified:
    "E-postadressen din er ikke bekreftet ennå. Åpne lenken vi sendte deg: med en bekreftet adresse kommer du inn igjen hvis du glemmer passordet.",
  verificationResent: "En ny lenke er på vei. Bare den nyeste virker.",
  authErrorAccessDenied: "Innloggingen ble avbrutt. Prøv igjen, eller bruk e-postadressen og passordet ditt.",
  authErrorInvalidState: "Innloggingen tok for lang tid eller er allerede brukt. Begynn på nytt.",
  authErrorEmailNotVerified:
    "Tjenesten har ikke bekreftet denne e-postadressen. Bekreft den der, eller bruk e-postadressen og passordet ditt.",
  authErrorAccountExistsUnverified:
    "Det finnes allerede en konto med denne e-postadressen. Logg inn med passordet én gang; deretter kan du fortsette med tjenesten.",
  authErrorOauthFailed: "Innloggingen med tjenesten virket ikke. Prøv igjen om litt.",
};

const es: Strings = {
  sessionsTitle: "Dónde has iniciado sesión",
  sessionsThis: "Este dispositivo",
  sessionsActive: "Activo ahora",
  sessionsLastSeen: "Última actividad: {date}",
  sessionsSince: "Sesión iniciada: {date}",
  sessionsSignOut: "Cerrar sesión",
  sessionsSignOutOf: "Cerrar la sesión de {device}",
  sessionsSignOutOthers: "Cerrar sesión en todos los demás dispositivos",
  sessionsOthersDone: "Se cerró la sesión en {n} dispositivos.",
  sessionsOnlyThis: "Solo tienes la sesión iniciada aquí.",
  exportTitle: "Descarga tus datos",
  exportIntro:
    "Todo lo que Cadence guarda sobre ti (cuenta, ajustes, cada entrenamiento con su historial completo de cambios, notas de contexto, preferencias de música) en JSON y CSV dentro de un archivo zip.",
  exportStart: "Preparar mis datos",
  exportWorking: "Preparando… {n} %",
  exportQueued: "Esperando para empezar…",
  exportReady: "Tu archivo está listo.",
  exportDownload: "Descargar (zip)",
  exportKept:
    "El archivo se guarda hasta el {date}. El enlace de descarga funciona durante una hora; vuelve a abrir esta página para obtener otro.",
  exportFailed: "No se pudo completar la exportación.",
  exportExpired: "La última exportación ha caducado.",
  exportAgain: "Preparar una nueva exportación",
  deleteTitle: "Eliminar la cuenta",
  deleteWarning:
    "Esto elimina para siempre tu cuenta y todo su contenido del servidor: entrenamientos, historial, notas de contexto, datos de música y servicios conectados. Tus otros dispositivos también la olvidarán. No se puede deshacer.",
  deletePassword: "Tu contraseña",
  deleteEmail: "Escribe tu dirección de correo ({email}) para confirmar",
  deleteContinue: "Continuar",
  deleteFinal: "Último paso: ¿eliminar la cuenta para siempre?",
  deleteConfirm: "Eliminar mi cuenta",
  deleteCancel: "Cancelar",
  deleteDone: "Tu cuenta se ha eliminado.",
  forgotTitle: "¿Olvidaste tu contraseña?",
  forgotIntro: "Escribe tu dirección de correo y te enviaremos un enlace para elegir una contraseña nueva.",
  email: "Dirección de correo",
  forgotSend: "Enviar el enlace",
  forgotSent:
    "Si alguna cuenta usa esta dirección, el enlace va de camino. Funciona una vez, durante una hora.",
  resetTitle: "Elige una contraseña nueva",
  newPassword: "Contraseña nueva",
  repeatPassword: "Repite la contraseña nueva",
  resetSave: "Guardar la contraseña nueva",
  resetDone:
    "Tu contraseña ha cambiado y se cerró la sesión en todos los dispositivos. Inicia sesión con la contraseña nueva.",
  mismatch: "Las dos contraseñas no coinciden.",
  tooShort: "La contraseña necesita al menos 8 caracteres.",
  invalidLink: "Este enlace ya no funciona. Pide uno nuevo.",
  continueWithGoogle: "Continuar con Google",
  continueWithApple: "Continuar con Apple",
  loading: "Cargando…",
  offline: "No hay conexión con el servidor. Inténtalo de nuevo cuando tengas conexión.",
  signedOutElsewhere:
    "Se cerró la sesión en este dispositivo, desde otro dispositivo o porque se cambió la contraseña. Inicia sesión para continuar.",
  deletedElsewhere:
    "Esta cuenta se ha eliminado y este dispositivo ha olvidado todo lo que guardaba de ella.",
  forgotLink: "¿Olvidaste tu contraseña?",
  backToLogin: "Volver a iniciar sesión",
  or: "o",
  checkInbox:
    "Casi listo: abre el enlace que enviamos a {email} para confirmar la dirección y después inicia sesión.",
  resendVerification: "Enviar el enlace de nuevo",
  emailUnverified:
    "Tu dirección de correo aún no está confirmada. Abre el enlace que te enviamos: con una dirección confirmada puedes volver a entrar si olvidas la contraseña.",
  verificationResent: "Va de camino un enlace nuevo. Solo funciona el más reciente.",
  authErrorAccessDenied:
    "Se canceló el inicio de sesión. Inténtalo de nuevo o usa tu dirección de correo y tu contraseña.",
  authErrorInvalidState: "Ese inicio de sesión tardó demasiado o ya se usó. Empieza de nuevo.",
  authErrorEmailNotVerified:
    "El proveedor no ha confirmado esta dirección de correo. Confírmala allí o usa tu dirección de correo y tu contraseña.",
  authErrorAccountExistsUnverified:
    "Ya existe una cuenta con esta dirección de correo. Inicia sesión una vez con su contraseña; después podrás continuar con el proveedor.",
  authErrorOauthFailed:
    "No se pudo iniciar sesión con el proveedor. Inténtalo de nuevo dentro de un momento.",
};

const de: Strings = {
  sessionsTitle: "Wo du angemeldet bist",
  sessionsThis: "Dieses Gerät",
  sessionsActive: "Gerade aktiv",
  sessionsLastSeen: "Zuletzt aktiv {date}",
  sessionsSince: "Angemeldet seit {date}",
  sessionsSignOut: "Abmelden",
  sessionsSignOutOf: "{device} abmelden",
  sessionsSignOutOthers: "Alle anderen Geräte abmelden",
  sessionsOthersDone: "{n} andere Geräte abgemeldet.",
  sessionsOnlyThis: "Du bist nur hier angemeldet.",
  exportTitle: "Deine Daten herunterladen",
  exportIntro:
    "Alles, was Cadence über dich speichert – Konto, Einstellungen, jedes Training mit vollständigem Änderungsverlauf, Kontextnotizen, Musikvorlieben – als JSON und CSV in einer ZIP-Datei.",
  exportStart: "Meine Daten vorbereiten",
  exportWorking: "Wird vorbereitet … {n} %",
  exportQueued: "Wartet auf den Start …",
  exportReady: "Deine Datei ist fertig.",
  exportDownload: "Herunterladen (ZIP)",
  exportKept:
    "Die Datei wird bis {date} aufbewahrt. Der Download-Link gilt eine Stunde; öffne diese Seite erneut für einen neuen.",
  exportFailed: "Der Export konnte nicht abgeschlossen werden.",
  exportExpired: "Der letzte Export ist abgelaufen.",
  exportAgain: "Neuen Export vorbereiten",
  deleteTitle: "Konto löschen",
  deleteWarning:
    "Damit werden dein Konto und alles darin endgültig vom Server gelöscht: Trainings, Verlauf, Kontextnotizen, Musikdaten und verbundene Dienste. Deine anderen Geräte vergessen es ebenfalls. Das lässt sich nicht rückgängig machen.",
  deletePassword: "Dein Passwort",
  deleteEmail: "Gib zur Bestätigung deine E-Mail-Adresse ({email}) ein",
  deleteContinue: "Weiter",
  deleteFinal: "Letzter Schritt: Konto endgültig löschen?",
  deleteConfirm: "Mein Konto löschen",
  deleteCancel: "Abbrechen",
  deleteDone: "Dein Konto wurde gelöscht.",
  forgotTitle: "Passwort vergessen?",
  forgotIntro:
    "Gib deine E-Mail-Adresse ein, und wir schicken dir einen Link, mit dem du ein neues Passwort wählst.",
  email: "E-Mail-Adresse",
  forgotSend: "Link senden",
  forgotSent:
    "Wenn ein Konto diese Adresse nutzt, ist ein Link unterwegs. Er funktioniert einmal, eine Stunde lang.",
  resetTitle: "Wähle ein neues Passwort",
  newPassword: "Neues Passwort",
  repeatPassword: "Neues Passwort wiederholen",
  resetSave: "Neues Passwort speichern",
  resetDone:
    "Dein Passwort ist geändert, und alle Geräte wurden abgemeldet. Melde dich mit dem neuen Passwort an.",
  mismatch: "Die beiden Passwörter stimmen nicht überein.",
  tooShort: "Das Passwort braucht mindestens 8 Zeichen.",
  invalidLink: "Dieser Link funktioniert nicht mehr. Fordere einen neuen an.",
  continueWithGoogle: "Weiter mit Google",
  continueWithApple: "Weiter mit Apple",
  loading: "Wird geladen …",
  offline: "Keine Verbindung zum Server. Versuche es erneut, wenn du online bist.",
  signedOutElsewhere:
    "Dieses Gerät wurde abgemeldet, von einem anderen Gerät aus oder weil das Passwort geändert wurde. Melde dich an, um weiterzumachen.",
  deletedElsewhere:
    "Dieses Konto wurde gelöscht, und dieses Gerät hat alles vergessen, was es dazu gespeichert hatte.",
  forgotLink: "Passwort vergessen?",
  backToLogin: "Zurück zur Anmeldung",
  or: "oder",
  checkInbox:
    "Fast geschafft: Öffne den Link, den wir an {email} geschickt haben, um die Adresse zu bestätigen, und melde dich dann an.",
  resendVerification: "Link erneut senden",
  emailUnverified:
    "Deine E-Mail-Adresse ist noch nicht bestätigt. Öffne den Link, den wir dir geschickt haben: Mit einer bestätigten Adresse kommst du wieder hinein, wenn du dein Passwort vergisst.",
  verificationResent: "Ein neuer Link ist unterwegs. Nur der neueste funktioniert.",
  authErrorAccessDenied:
    "Die Anmeldung wurde abgebrochen. Versuche es erneut oder nutze deine E-Mail-Adresse und dein Passwort.",
  authErrorInvalidState: "Diese Anmeldung hat zu lange gedauert oder wurde schon benutzt. Bitte beginne neu.",
  authErrorEmailNotVerified:
    "Der Anbieter hat diese E-Mail-Adresse nicht bestätigt. Bestätige sie dort oder nutze deine E-Mail-Adresse und dein Passwort.",
  authErrorAccountExistsUnverified:
    "Es gibt schon ein Konto mit dieser E-Mail-Adresse. Melde dich einmal mit seinem Passwort an; danach kannst du mit dem Anbieter weitermachen.",
  authErrorOauthFailed: "Die Anmeldung beim Anbieter hat nicht geklappt. Versuche es gleich noch einmal.",
};

export const ACCOUNTS_STRINGS = defineCatalog("accounts", { en, nb, es, de });

export type AccountsKey = keyof Strings;

/** The string for `key` in the app's current locale, with `{name}` placeholders filled. */
export const s = ACCOUNTS_STRINGS.t;

/** A date and time in the current locale (short). */
export function when(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale() === "nb" ? "nb-NO" : currentLocale(), {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}
