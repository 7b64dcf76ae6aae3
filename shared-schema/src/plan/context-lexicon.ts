// Phrases the context parser knows, in English, Norwegian Bokmål, Spanish and German. Patterns are regex
// sources written in lower case; the parser strips accents from both the text and the patterns, so "dormí" and
// "dormi" match alike. Order matters: earlier rules consume their words first (sleep hours before anything,
// pain before soreness, "legs tired" before "tired").
import type { BodyRegion, Focus, SorenessArea, TrainingFlag } from "./schema.js";

export const CONTEXT_LANGUAGES = ["en", "nb", "es", "de"] as const;
export type ContextLanguage = (typeof CONTEXT_LANGUAGES)[number];

export type SignalKey =
  | "sleepHours"
  | "sleepQuality"
  | "energy"
  | "mood"
  | "stress"
  | "motivation"
  | `soreness.${SorenessArea}`
  | `pain.${BodyRegion}`
  | `focus.${Focus}`
  | `flag.${TrainingFlag}`;

export interface LexiconRule {
  lang: ContextLanguage;
  signal: SignalKey;
  /** 1–5 for scales (modifiers like "very" move it one step), 1 for pain/focus/flags; sleepHours reads the number. */
  value: number;
  source: string;
}

type PerLang<T> = Readonly<Record<ContextLanguage, T>>;

export const STRONG: PerLang<string> = {
  en: "very|really|so|super|extremely|totally|completely",
  nb: "veldig|kjempe|skikkelig|helt|svært|sykt",
  es: "muy|super|totalmente|demasiado",
  de: "sehr|total|extrem|richtig|völlig|voll",
};
export const WEAK: PerLang<string> = {
  en: "a bit|a little|slightly|somewhat|kind of|kinda",
  nb: "litt|noe",
  es: "un poco|algo|ligeramente",
  de: "etwas|ein bisschen|leicht|ein wenig",
};

const NUMBERS: PerLang<Readonly<Record<string, number>>> = {
  en: {
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
  },
  nb: {
    en: 1,
    ett: 1,
    to: 2,
    tre: 3,
    fire: 4,
    fem: 5,
    seks: 6,
    sju: 7,
    syv: 7,
    åtte: 8,
    ni: 9,
    ti: 10,
    elleve: 11,
    tolv: 12,
  },
  es: {
    una: 1,
    uno: 1,
    dos: 2,
    tres: 3,
    cuatro: 4,
    cinco: 5,
    seis: 6,
    siete: 7,
    ocho: 8,
    nueve: 9,
    diez: 10,
    once: 11,
    doce: 12,
  },
  de: {
    eine: 1,
    ein: 1,
    eins: 1,
    zwei: 2,
    drei: 3,
    vier: 4,
    fünf: 5,
    sechs: 6,
    sieben: 7,
    acht: 8,
    neun: 9,
    zehn: 10,
    elf: 11,
    zwölf: 12,
  },
};
/** Number words of all four languages (no word means two different numbers across them). */
export const NUMBER_VALUES: Readonly<Record<string, number>> = {
  ...NUMBERS.en,
  ...NUMBERS.nb,
  ...NUMBERS.es,
  ...NUMBERS.de,
};

const N = (lang: ContextLanguage): string =>
  `(?<n>\\d+(?:[.,]\\d+)?|${Object.keys(NUMBERS[lang]).join("|")})`;
const HOURS: PerLang<string> = {
  en: "h|hrs?|hours?",
  nb: "t|timer|time",
  es: "h|horas?",
  de: "h|std\\.?|stunden?",
};

const SLEEP_HOURS: PerLang<string[]> = {
  en: [
    "(?:slept|sleep|sleeping|got)\\s+(?:only\\s+|just\\s+|about\\s+|around\\s+|like\\s+|~\\s*)?(?:for\\s+)?{N}\\s*{H}",
    "{N}\\s*{H}\\s+(?:of\\s+)?sleep",
  ],
  nb: [
    "(?:sov|søvn|fikk)\\s+(?:bare\\s+|kun\\s+|ca\\.?\\s+|rundt\\s+|omtrent\\s+|cirka\\s+)?{N}\\s*{H}",
    "{N}\\s*{H}\\s+(?:med\\s+)?søvn",
  ],
  es: [
    "(?:dormí|he dormido|dormido)\\s+(?:solo\\s+|sólo\\s+|unas\\s+|como\\s+|apenas\\s+)?{N}\\s*{H}",
    "{N}\\s*{H}\\s+de\\s+sueño",
  ],
  de: [
    "{N}\\s*{H}\\s+(?:geschlafen|schlaf)",
    "(?:geschlafen|schlief)\\s+(?:nur\\s+|ca\\.?\\s+|etwa\\s+|knapp\\s+)?{N}\\s*{H}",
  ],
};

const PARTS: PerLang<Readonly<Record<SorenessArea, string>>> = {
  en: {
    legs: "legs?|quads?|hamstrings?|hammies|calves|calf|glutes?|thighs?|lower body",
    back: "back|lats|upper back",
    chest: "chest|pecs?",
    shoulders: "shoulders?|delts",
    arms: "arms?|biceps|triceps|forearms?",
    core: "abs|core|stomach|midsection",
  },
  nb: {
    legs: "beina|beinene|beinet|bein|lårene|låra|lår|leggene|legger|leggen|rumpa|rumpen|setet|underkroppen|underkropp",
    back: "ryggen|rygg|øvre rygg",
    chest: "brystet|bryst|brystmusklene",
    shoulders: "skuldrene|skuldre|skulderen|skuldra|skulder",
    arms: "armene|armer|armen|arm|biceps|triceps|underarmene",
    core: "magen|mage|magemusklene|magemuskler|kjernen",
  },
  es: {
    legs: "piernas?|cuádriceps|isquios|isquiotibiales|gemelos|glúteos?|muslos?",
    back: "espalda|dorsales",
    chest: "pecho|pectorales",
    shoulders: "hombros?|deltoides",
    arms: "brazos?|bíceps|tríceps|antebrazos?",
    core: "abdominales|abdomen|core|tripa",
  },
  de: {
    legs: "beinen|beine|bein|oberschenkeln|oberschenkel|waden|wade|gesäß|hintern|po|unterkörper",
    back: "rückens|rücken",
    chest: "brust",
    shoulders: "schultern|schulter",
    arms: "armen|arme|arm|bizeps|trizeps|unterarmen|unterarme",
    core: "bauchmuskeln|bauch|rumpf|core",
  },
};

const STATES: PerLang<string> = {
  en: "sore|tired|heavy|stiff|achy|aching|fatigued|wrecked|trashed|beat up|beaten up|tight|dead|cooked|fried|hurt|hurting|doms",
  nb: "støle|stølt|støl|slitne|slitent|sliten|stive|stivt|stiv|tunge|tungt|tung|ømme|ømt|øm|verkende|trøtte|trøtt|ferdige|ferdig",
  es: "cansad[oa]s?|dolorid[oa]s?|cargad[oa]s?|con agujetas|agujetas|rígid[oa]s?|pesad[oa]s?|reventad[oa]s?|machacad[oa]s?",
  de: "müde|muskelkater|schwer|verspannt|steif|kaputt|platt|fertig|erschöpft|zerstört|tun weh|tut weh",
};
const PREP: PerLang<string> = {
  en: "(?:in\\s+(?:my\\s+|the\\s+)?|my\\s+|the\\s+)?",
  nb: "(?:i\\s+|på\\s+)?",
  es: "(?:en\\s+(?:las\\s+|los\\s+|la\\s+|el\\s+|mis\\s+)?|las\\s+|los\\s+|mis\\s+)?",
  de: "(?:in\\s+(?:den\\s+|der\\s+|meinen\\s+|meiner\\s+)?|im\\s+|die\\s+|meine\\s+)?",
};
const DET: PerLang<string> = {
  en: "(?:my\\s+|the\\s+)?",
  nb: "(?:mine\\s+|min\\s+)?",
  es: "(?:me\\s+duelen\\s+|me\\s+duele\\s+|las\\s+|los\\s+|mis\\s+|la\\s+|el\\s+|mi\\s+)?",
  de: "(?:meine\\s+|mein\\s+|die\\s+|der\\s+)?",
};
const LINK: PerLang<string> = {
  en: "(?:are|is|feel|feels|feeling|are feeling|'re)\\s+",
  nb: "(?:er|føles|kjennes)\\s+",
  es: "(?:están|está|se sienten|se siente)\\s+",
  de: "(?:sind|ist|fühlen sich|fühlt sich)\\s+",
};

const JOINTS: PerLang<Readonly<Record<BodyRegion, string>>> = {
  en: {
    shoulder: "shoulders?",
    elbow: "elbows?",
    wrist: "wrists?",
    lower_back: "lower back|back|spine",
    hip: "hips?",
    knee: "knees?",
    ankle: "ankles?",
    neck: "neck",
  },
  nb: {
    shoulder: "skulderen|skuldra|skulder|skuldrene",
    elbow: "albuen|albue|albuene",
    wrist: "håndleddet|håndledd|håndleddene",
    lower_back: "korsryggen|korsrygg|ryggen|rygg",
    hip: "hofta|hoften|hofte",
    knee: "kneet|kne|knærne|knær",
    ankle: "ankelen|ankel|anklene",
    neck: "nakken|nakke",
  },
  es: {
    shoulder: "hombros?",
    elbow: "codos?",
    wrist: "muñecas?",
    lower_back: "espalda baja|zona lumbar|lumbares|lumbar|espalda",
    hip: "caderas?",
    knee: "rodillas?",
    ankle: "tobillos?",
    neck: "cuello",
  },
  de: {
    shoulder: "schultern|schulter",
    elbow: "ellenbogen|ellbogen",
    wrist: "handgelenken|handgelenke|handgelenk",
    lower_back: "unteren rücken|unterer rücken|rücken|kreuz",
    hip: "hüften|hüfte",
    knee: "knien|knie",
    ankle: "knöchel|sprunggelenk",
    neck: "nacken|hals",
  },
};
/** Stems of compound pain words ("Knieschmerzen", "ryggsmerter"). */
const PAIN_COMPOUNDS: Partial<Record<ContextLanguage, Partial<Record<BodyRegion, string>>>> = {
  de: {
    knee: "knie",
    lower_back: "rücken",
    shoulder: "schulter",
    neck: "nacken",
    hip: "hüft",
    elbow: "ellenbogen",
    wrist: "handgelenk",
  },
  nb: { knee: "kne", lower_back: "rygg", shoulder: "skulder", neck: "nakke", hip: "hofte" },
};
const PAIN_BEFORE: PerLang<string> = {
  en: "(?:pain in|hurt|injured|tweaked|strained|pulled|bad|dodgy|painful|busted|twisted|sprained)\\s+(?:my\\s+|the\\s+)?",
  nb: "(?:vondt|vond|smerter|smerte|skadet|skade|verk|trøbbel|problemer)\\s+(?:i\\s+|med\\s+)?(?:den\\s+|det\\s+)?",
  es: "(?:me duele|me duelen|dolor de|dolor en|molestias en|molestia en|lesión en|lesión de|me lesioné)\\s+(?:la\\s+|el\\s+|las\\s+|los\\s+|mi\\s+|mis\\s+)?",
  de: "(?:schmerzen|probleme|verletzung|beschwerden)\\s+(?:im\\s+|in der\\s+|in den\\s+|am\\s+|an der\\s+|mit dem\\s+|mit der\\s+)?",
};
const PAIN_AFTER: PerLang<string> = {
  en: "\\s+(?:pain|hurts|is hurting|hurting|aches|is aching|is injured|injury|is bad|is acting up|is playing up|niggle|is tweaked)",
  nb: "\\s+(?:gjør vondt|er vond|er vondt|verker|er skadet|er øm)",
  es: "\\s+(?:lesionad[oa]|me duele|dolorid[oa]|adolorid[oa])",
  de: "\\s+(?:tut weh|tun weh|schmerzt|schmerzen|ist verletzt|zwickt|macht probleme)",
};

type Entry = readonly [SignalKey, number, string];
const SCALES: PerLang<readonly Entry[]> = {
  en: [
    ["sleepQuality", 1, "barely slept|didn't sleep|did not sleep|no sleep|sleepless night"],
    [
      "sleepQuality",
      2,
      "slept badly|slept poorly|slept bad|bad sleep|poor sleep|terrible sleep|didn't sleep well|did not sleep well|restless night|rough night",
    ],
    ["sleepQuality", 4, "slept well|slept great|good sleep|great sleep|slept like a baby|well rested"],
    ["motivation", 1, "no motivation|zero motivation"],
    [
      "motivation",
      2,
      "motivation (?:is\\s+)?low|low motivation|unmotivated|not motivated|not feeling it|don't feel like it|can't be bothered|lazy",
    ],
    ["motivation", 5, "highly motivated|super motivated"],
    [
      "motivation",
      4,
      "motivation (?:is\\s+)?high|high motivation|motivated|pumped|fired up|stoked|ready to go|let's go",
    ],
    ["energy", 1, "exhausted|no energy|zero energy|wiped out|running on empty"],
    [
      "energy",
      2,
      "low energy|energy (?:is\\s+)?low|low on energy|tired|drained|fatigued|knackered|sluggish|run down|sleepy",
    ],
    ["energy", 5, "full of energy|bursting with energy"],
    ["energy", 4, "high energy|lots of energy|energetic|feeling fresh|feel fresh|feeling strong|feel strong"],
    ["stress", 4, "stressed|stressful|lots of stress|high stress|stressed out|anxious|overwhelmed|hectic"],
    ["stress", 2, "relaxed|calm|chilled"],
    ["mood", 2, "bad mood|feeling down|sad|grumpy|irritable|low mood|in a mood"],
    ["mood", 4, "good mood|great mood|happy|feeling good|feel good|in a good mood|feeling great|feel great"],
  ],
  nb: [
    ["sleepQuality", 1, "sov nesten ikke|sov ikke|ingen søvn|søvnløs natt"],
    ["sleepQuality", 2, "sov dårlig|dårlig søvn|sov lite|urolig natt|dårlig natt|sov elendig"],
    ["sleepQuality", 4, "sov godt|god søvn|sov bra|uthvilt"],
    ["motivation", 1, "ingen motivasjon|null motivasjon"],
    [
      "motivation",
      2,
      "lav motivasjon|lite motivasjon|motivasjonen er lav|motivasjon lav|umotivert|ikke motivert|gidder ikke|lite lyst",
    ],
    ["motivation", 5, "supermotivert|kjempemotivert"],
    ["motivation", 4, "høy motivasjon|motivasjonen er høy|motivert|gira|klar for å trene|gleder meg"],
    ["energy", 1, "utslitt|helt tom|ingen energi|null energi"],
    ["energy", 2, "lite energi|lav energi|energien er lav|sliten|trøtt|slapp|tom for energi|søvnig"],
    ["energy", 5, "full av energi|masse energi"],
    ["energy", 4, "mye energi|god energi|pigg|opplagt|i slag|sterk i dag"],
    ["stress", 4, "stresset|stressa|mye stress|høyt stress|hektisk|travelt"],
    ["stress", 2, "avslappet|rolig|avslappa"],
    ["mood", 2, "dårlig humør|nedfor|trist|sur|gretten|i dårlig humør"],
    ["mood", 4, "godt humør|glad|blid|i godt humør|i godt slag"],
  ],
  es: [
    ["sleepQuality", 1, "no dormí|no he dormido|casi no dormí|noche en vela|sin dormir"],
    ["sleepQuality", 2, "dormí mal|he dormido mal|mal sueño|dormí poco|no dormí bien|mala noche|noche mala"],
    ["sleepQuality", 4, "dormí bien|he dormido bien|buen sueño|dormí genial|descansad[oa]"],
    ["motivation", 1, "sin motivación|cero motivación|ninguna motivación"],
    [
      "motivation",
      2,
      "poca motivación|motivación baja|motivación está baja|desmotivad[oa]|no estoy motivad[oa]|sin ganas|pocas ganas|no tengo ganas",
    ],
    ["motivation", 5, "muy motivad[oa]|motivadísim[oa]"],
    [
      "motivation",
      4,
      "motivación alta|mucha motivación|motivad[oa]|con ganas|muchas ganas|ganas de entrenar",
    ],
    ["energy", 1, "agotad[oa]|sin energía|reventad[oa]|sin fuerzas"],
    ["energy", 2, "poca energía|baja energía|energía baja|cansad[oa]|flojo|floja|sin pilas|con sueño"],
    ["energy", 5, "lleno de energía|llena de energía"],
    ["energy", 4, "mucha energía|con energía|con pilas|fresc[oa]|fuerte hoy"],
    ["stress", 4, "estresad[oa]|mucho estrés|estrés|agobiad[oa]|ansios[oa]"],
    ["stress", 2, "relajad[oa]|tranquil[oa]"],
    ["mood", 2, "mal humor|de mal humor|de bajón|bajón|triste|desanimad[oa]"],
    ["mood", 4, "buen humor|de buen humor|content[oa]|feliz|animad[oa]"],
  ],
  de: [
    ["sleepQuality", 1, "nicht geschlafen|kaum geschlafen|schlaflose nacht"],
    [
      "sleepQuality",
      2,
      "schlecht geschlafen|schlechter schlaf|wenig geschlafen|unruhige nacht|mies geschlafen",
    ],
    ["sleepQuality", 4, "gut geschlafen|guter schlaf|ausgeschlafen|erholt"],
    ["motivation", 1, "keine motivation|null motivation|null bock"],
    [
      "motivation",
      2,
      "wenig motivation|motivation (?:ist\\s+)?niedrig|motivation im keller|unmotiviert|nicht motiviert|keine lust|kein bock|wenig lust",
    ],
    ["motivation", 5, "hochmotiviert|voll bock|mega motiviert"],
    ["motivation", 4, "motiviert|hohe motivation|bock|lust zu trainieren"],
    ["energy", 1, "erschöpft|keine energie|total platt|ausgelaugt"],
    ["energy", 2, "wenig energie|energie (?:ist\\s+)?niedrig|müde|schlapp|kaputt|k\\.o\\.|schläfrig"],
    ["energy", 5, "voller energie|topfit"],
    ["energy", 4, "viel energie|energiegeladen|fit|frisch|stark heute"],
    ["stress", 4, "gestresst|viel stress|stress|hektisch|überfordert|angespannt"],
    ["stress", 2, "entspannt|ruhig|gelassen"],
    ["mood", 2, "schlechte laune|schlecht drauf|niedergeschlagen|traurig|mies drauf|genervt"],
    ["mood", 4, "gute laune|gut drauf|glücklich|fröhlich"],
  ],
};

const TAGS: PerLang<readonly Entry[]> = {
  en: [
    ["flag.cutting", 1, "cutting|on a cut|in a (?:calorie\\s+|caloric\\s+)?deficit|dieting"],
    ["flag.deload", 1, "deload(?:\\s+week)?|easy week|recovery week"],
    ["focus.posterior_chain", 1, "posterior chain|glutes and hamstrings|hamstrings and glutes"],
    ["focus.upper_body", 1, "upper body|upper-body"],
    ["focus.lower_body", 1, "lower body|lower-body|leg day|legs day"],
    ["focus.full_body", 1, "full body|full-body"],
    ["focus.cardio", 1, "cardio|conditioning|intervals"],
  ],
  nb: [
    ["flag.cutting", 1, "på deff|deffer|deff|kutter|kaloriunderskudd|i underskudd"],
    ["flag.deload", 1, "deload|lett uke|restitusjonsuke|avlastningsuke"],
    ["focus.posterior_chain", 1, "bakre kjede|baksiden"],
    ["focus.upper_body", 1, "overkropp|overkroppen"],
    ["focus.lower_body", 1, "underkropp|underkroppen|beindag|beinøkt"],
    ["focus.full_body", 1, "helkropp"],
    ["focus.cardio", 1, "kondis|kondisjon|intervaller|utholdenhet"],
  ],
  es: [
    ["flag.cutting", 1, "en definición|definiendo|en déficit|déficit calórico|a dieta"],
    ["flag.deload", 1, "semana de descarga|descarga|semana suave"],
    ["focus.posterior_chain", 1, "cadena posterior"],
    ["focus.upper_body", 1, "tren superior|parte superior"],
    ["focus.lower_body", 1, "tren inferior|día de pierna|parte inferior"],
    ["focus.full_body", 1, "cuerpo completo|full body"],
    ["focus.cardio", 1, "cardio|intervalos|resistencia"],
  ],
  de: [
    ["flag.cutting", 1, "in der diät|diät|kaloriendefizit|defizit|definitionsphase|cutten"],
    ["flag.deload", 1, "deload|entlastungswoche|leichte woche"],
    ["focus.posterior_chain", 1, "hintere kette|hintere muskelkette|rückseite"],
    ["focus.upper_body", 1, "oberkörper"],
    ["focus.lower_body", 1, "unterkörper|beintag"],
    ["focus.full_body", 1, "ganzkörper"],
    ["focus.cardio", 1, "cardio|ausdauer|intervalle"],
  ],
};

function sorenessSources(lang: ContextLanguage, area: SorenessArea): string[] {
  const part = PARTS[lang][area];
  const mod = `(?:(?<mod2>${STRONG[lang]}|${WEAK[lang]})\\s+)?`;
  return [
    `(?:${STATES[lang]})\\s+${PREP[lang]}(?:${part})`,
    `${DET[lang]}(?:${part})\\s+(?:${LINK[lang]})?${mod}(?:${STATES[lang]})`,
  ];
}

function painSources(lang: ContextLanguage, region: BodyRegion): string[] {
  const joint = JOINTS[lang][region];
  const compound = PAIN_COMPOUNDS[lang]?.[region];
  const sources = [`${PAIN_BEFORE[lang]}(?:${joint})`, `${DET[lang]}(?:${joint})${PAIN_AFTER[lang]}`];
  if (compound) sources.push(lang === "de" ? `${compound}schmerzen` : `${compound}smerter|${compound}skade`);
  return sources;
}

/** Every rule in matching order. */
export function lexicon(): LexiconRule[] {
  const rules: LexiconRule[] = [];
  const add = (lang: ContextLanguage, signal: SignalKey, value: number, source: string): void => {
    rules.push({ lang, signal, value, source });
  };
  for (const lang of CONTEXT_LANGUAGES) {
    for (const src of SLEEP_HOURS[lang])
      add(lang, "sleepHours", 0, src.replaceAll("{N}", N(lang)).replaceAll("{H}", `(?:${HOURS[lang]})`));
  }
  for (const lang of CONTEXT_LANGUAGES) {
    for (const region of Object.keys(JOINTS[lang]) as BodyRegion[]) {
      for (const src of painSources(lang, region)) add(lang, `pain.${region}`, 1, src);
    }
  }
  for (const lang of CONTEXT_LANGUAGES) {
    for (const area of Object.keys(PARTS[lang]) as SorenessArea[]) {
      for (const src of sorenessSources(lang, area)) add(lang, `soreness.${area}`, 4, src);
    }
  }
  for (const lang of CONTEXT_LANGUAGES)
    for (const [signal, value, src] of SCALES[lang]) add(lang, signal, value, src);
  for (const lang of CONTEXT_LANGUAGES)
    for (const [signal, value, src] of TAGS[lang]) add(lang, signal, value, src);
  return rules;
}
