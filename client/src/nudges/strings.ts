/**
 * Strings of the nudges on Today and the reminder setting, in Cadence's four languages: a feature catalog
 * (../i18n/catalog.ts), checked by test/i18n.test.ts. Plurals are `….one` / `….other`.
 */
import { defineCatalog } from "../i18n/catalog.js";
import { currentLocale } from "../i18n/index.js";

const en = {
  "nudges.label": "Reminders",
  "nudges.dismiss": "Dismiss for today",
  "nudges.dismissNamed": "Dismiss for today: {what}",
  "nudges.planReady": "Today's plan is ready. Have a look below and accept it when it suits you.",
  "nudges.workoutReady": "Today's workout is ready when you are.",
  "nudges.openWorkout": "Open the workout",
  "nudges.reminder": "It's past {time}, your time to train today.",
  "nudges.streak.one":
    "Your {weeks}-week streak needs {needed} more training day this week: today is the day.",
  "nudges.streak.other":
    "Your {weeks}-week streak needs {needed} more training days this week: every day from today.",
  "nudges.unsynced.one": "{count} change is only on this device so far.",
  "nudges.unsynced.other": "{count} changes are only on this device so far.",
  "nudges.syncNow": "Sync now",
  "nudges.syncFailed": "The server could not be reached. Your changes are safe here; try again later.",
  "nudges.reminderLabel": "Daily reminder",
  "nudges.reminderHint":
    "Cadence reminds you on Today from this time while the app is open. Leave it empty for no reminder.",
  "nudges.reminderSaved": "Reminder set for {time}.",
  "nudges.reminderOff": "No daily reminder.",
};
type Key = keyof typeof en;

const nb: Record<Key, string> = {
  "nudges.label": "Påminnelser",
  "nudges.dismiss": "Skjul for i dag",
  "nudges.dismissNamed": "Skjul for i dag: {what}",
  "nudges.planReady": "Dagens plan er klar. Ta en titt nedenfor og godta den når det passer.",
  "nudges.workoutReady": "Dagens økt er klar når du er det.",
  "nudges.openWorkout": "Åpne økten",
  "nudges.reminder": "Klokken er over {time}, tiden din for å trene i dag.",
  "nudges.streak.one":
    "Streaken din på {weeks} uker trenger {needed} treningsdag til denne uken: i dag er dagen.",
  "nudges.streak.other":
    "Streaken din på {weeks} uker trenger {needed} treningsdager til denne uken: hver dag fra i dag.",
  "nudges.unsynced.one": "{count} endring finnes foreløpig bare på denne enheten.",
  "nudges.unsynced.other": "{count} endringer finnes foreløpig bare på denne enheten.",
  "nudges.syncNow": "Synkroniser nå",
  "nudges.syncFailed": "Fikk ikke kontakt med serveren. Endringene er trygge her; prøv igjen senere.",
  "nudges.reminderLabel": "Daglig påminnelse",
  "nudges.reminderHint":
    "Cadence minner deg på det under I dag fra dette klokkeslettet mens appen er åpen. La feltet stå tomt for ingen påminnelse.",
  "nudges.reminderSaved": "Påminnelse satt til {time}.",
  "nudges.reminderOff": "Ingen daglig påminnelse.",
};

const es: Record<Key, string> = {
  "nudges.label": "Recordatorios",
  "nudges.dismiss": "Ocultar por hoy",
  "nudges.dismissNamed": "Ocultar por hoy: {what}",
  "nudges.planReady": "El plan de hoy está listo. Échale un vistazo abajo y acéptalo cuando te venga bien.",
  "nudges.workoutReady": "El entrenamiento de hoy está listo cuando tú lo estés.",
  "nudges.openWorkout": "Abrir el entrenamiento",
  "nudges.reminder": "Ya son más de las {time}, tu hora de entrenar hoy.",
  "nudges.streak.one":
    "Tu racha de {weeks} semanas necesita {needed} día más de entrenamiento esta semana: hoy es el día.",
  "nudges.streak.other":
    "Tu racha de {weeks} semanas necesita {needed} días más de entrenamiento esta semana: cada día desde hoy.",
  "nudges.unsynced.one": "{count} cambio está de momento solo en este dispositivo.",
  "nudges.unsynced.other": "{count} cambios están de momento solo en este dispositivo.",
  "nudges.syncNow": "Sincronizar ahora",
  "nudges.syncFailed":
    "No se pudo contactar con el servidor. Tus cambios están a salvo aquí; inténtalo más tarde.",
  "nudges.reminderLabel": "Recordatorio diario",
  "nudges.reminderHint":
    "Cadence te lo recuerda en Hoy a partir de esta hora mientras la app está abierta. Déjalo vacío para no tener recordatorio.",
  "nudges.reminderSaved": "Recordatorio a las {time}.",
  "nudges.reminderOff": "Sin recordatorio diario.",
};

const de: Record<Key, string> = {
  "nudges.label": "Erinnerungen",
  "nudges.dismiss": "Für heute ausblenden",
  "nudges.dismissNamed": "Für heute ausblenden: {what}",
  "nudges.planReady":
    "Der Plan für heute ist fertig. Sieh ihn dir unten an und übernimm ihn, wenn es dir passt.",
  "nudges.workoutReady": "Dein Training für heute ist bereit, wenn du es bist.",
  "nudges.openWorkout": "Training öffnen",
  "nudges.reminder": "Es ist nach {time}, deine Zeit zum Trainieren heute.",
  "nudges.streak.one":
    "Deine Serie von {weeks} Wochen braucht diese Woche noch {needed} Trainingstag: heute ist der Tag.",
  "nudges.streak.other":
    "Deine Serie von {weeks} Wochen braucht diese Woche noch {needed} Trainingstage: jeden Tag ab heute.",
  "nudges.unsynced.one": "{count} Änderung ist bisher nur auf diesem Gerät.",
  "nudges.unsynced.other": "{count} Änderungen sind bisher nur auf diesem Gerät.",
  "nudges.syncNow": "Jetzt synchronisieren",
  "nudges.syncFailed":
    "Der Server war nicht erreichbar. Deine Änderungen sind hier sicher; versuche es später erneut.",
  "nudges.reminderLabel": "Tägliche Erinnerung",
  "nudges.reminderHint":
    "Cadence erinnert dich ab dieser Uhrzeit unter Heute, solange die App geöffnet ist. Leer lassen für keine Erinnerung.",
  "nudges.reminderSaved": "Erinnerung um {time}.",
  "nudges.reminderOff": "Keine tägliche Erinnerung.",
};

const strings = defineCatalog("nudges", { en, nb, es, de });

export const nt = strings.t;

type PluralBase<K> = K extends `${infer B}.one` ? B : never;

/** The `.one` or `.other` form of `key` as the language's plural rules pick for `count`. */
export function ntPlural(
  key: PluralBase<Key>,
  count: number,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const form = new Intl.PluralRules(currentLocale()).select(count) === "one" ? "one" : "other";
  return nt(`${key}.${form}` as Key, { count, ...params });
}
