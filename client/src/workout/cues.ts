/**
 * Cues at the end of a rest or a work interval: a beep (Web Audio), the words spoken in the user's language
 * (speechSynthesis) and a vibration, each switchable. The account document has no fields for them, so the
 * switches are kept per device in localStorage (a phone in the gym may want sound, a tablet on the bench not).
 */
export interface CueSwitches {
  readonly sound: boolean;
  readonly voice: boolean;
  readonly vibration: boolean;
}

const KEY = "cadence.player.cues";
export const DEFAULT_CUES: CueSwitches = { sound: true, voice: true, vibration: true };

export function loadCueSwitches(): CueSwitches {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return DEFAULT_CUES;
    const v = JSON.parse(raw) as Partial<CueSwitches>;
    return {
      sound: v.sound ?? DEFAULT_CUES.sound,
      voice: v.voice ?? DEFAULT_CUES.voice,
      vibration: v.vibration ?? DEFAULT_CUES.vibration,
    };
  } catch {
    return DEFAULT_CUES;
  }
}

export function saveCueSwitches(switches: CueSwitches): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(switches));
  } catch {
    // Storage disabled: the switches last until the page closes.
  }
}

/** What this browser can do. */
export const cueSupport = {
  sound: typeof window !== "undefined" && "AudioContext" in window,
  voice: typeof window !== "undefined" && "speechSynthesis" in window,
  vibration: typeof navigator !== "undefined" && typeof navigator.vibrate === "function",
};

export type CueKind = "restOver" | "workOver" | "countdown";

const BEEPS: Record<CueKind, readonly [hz: number, ms: number][]> = {
  restOver: [
    [880, 160],
    [1320, 260],
  ],
  workOver: [
    [660, 160],
    [440, 300],
  ],
  countdown: [[740, 90]],
};
const VIBRATIONS: Record<CueKind, number[]> = {
  restOver: [200, 100, 200],
  workOver: [400],
  countdown: [60],
};

export class Cues {
  #audio: AudioContext | undefined;

  constructor(
    private readonly switches: () => CueSwitches,
    private readonly language: () => string,
  ) {}

  /**
   * Creates the audio context inside a user gesture (a tap on "Log set"), as browsers require, so a cue at the
   * end of a rest can sound later without one.
   */
  unlock(): void {
    if (!cueSupport.sound || !this.switches().sound) return;
    try {
      this.#audio ??= new AudioContext();
      if (this.#audio.state === "suspended") void this.#audio.resume().catch(() => undefined);
    } catch {
      this.#audio = undefined;
    }
  }

  /** Plays the cue by every means switched on; `words` are spoken (already in the user's language). */
  cue(kind: CueKind, words?: string): void {
    const on = this.switches();
    if (on.sound) this.#beep(kind);
    if (on.vibration && cueSupport.vibration) {
      try {
        navigator.vibrate(VIBRATIONS[kind]);
      } catch {
        // Not allowed here (no user activation yet): the other cues still run.
      }
    }
    if (on.voice && words) this.say(words);
  }

  say(words: string): void {
    if (!cueSupport.voice) return;
    try {
      const utterance = new SpeechSynthesisUtterance(words);
      const lang = this.language();
      utterance.lang = lang;
      const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang));
      if (voice) utterance.voice = voice;
      speechSynthesis.cancel();
      speechSynthesis.speak(utterance);
    } catch {
      // No voices on this device: the beep and the screen still tell.
    }
  }

  #beep(kind: CueKind): void {
    this.unlock();
    const ctx = this.#audio;
    if (!ctx) return;
    let at = ctx.currentTime;
    for (const [hz, ms] of BEEPS[kind]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + ms / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + ms / 1000 + 0.02);
      at += ms / 1000 + 0.05;
    }
  }

  close(): void {
    void this.#audio?.close().catch(() => undefined);
    this.#audio = undefined;
  }
}
