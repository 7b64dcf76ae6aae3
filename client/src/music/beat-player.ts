/**
 * Plays the curated fallback pool's "Cadence Beat" entries (`cadence:beat:<bpm>`): a synthesised kick on every
 * beat (accented on the one), a hi-hat on the off-beats. No recordings, nothing from Spotify. Uses the usual
 * look-ahead scheduler (a timer every 25 ms schedules the next 100 ms on the audio clock).
 */
import { fallbackBpmOf } from "@cadence/shared-schema/music";

const LOOKAHEAD_S = 0.1;
const TICK_MS = 25;

export class BeatPlayer {
  #ctx: AudioContext | null = null;
  #noise: AudioBuffer | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #nextTime = 0;
  #halfBeat = 0;
  #endsAt = 0;
  #onEnded: (() => void) | null = null;
  bpm = 0;

  get playing(): boolean {
    return this.#timer !== null;
  }

  /** Starts the beat of a pool uri (or a BPM) for `durationMs`. Call from a user gesture the first time. */
  async play(beat: string | number, durationMs: number, onEnded?: () => void): Promise<void> {
    const bpm = typeof beat === "number" ? beat : fallbackBpmOf(beat);
    if (bpm === null) return;
    this.stop();
    this.#ctx ??= new AudioContext();
    await this.#ctx.resume();
    this.#noise ??= this.#makeNoise(this.#ctx);
    this.bpm = bpm;
    this.#onEnded = onEnded ?? null;
    this.#nextTime = this.#ctx.currentTime + 0.05;
    this.#halfBeat = 0;
    this.#endsAt = this.#ctx.currentTime + durationMs / 1000;
    this.#timer = setInterval(() => this.#schedule(), TICK_MS);
  }

  pause(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    void this.#ctx?.suspend();
  }

  async resume(): Promise<void> {
    if (!this.#ctx || this.bpm === 0 || this.#timer !== null) return;
    await this.#ctx.resume();
    this.#nextTime = Math.max(this.#nextTime, this.#ctx.currentTime + 0.05);
    this.#timer = setInterval(() => this.#schedule(), TICK_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.bpm = 0;
  }

  async close(): Promise<void> {
    this.stop();
    await this.#ctx?.close();
    this.#ctx = null;
  }

  #schedule(): void {
    const ctx = this.#ctx;
    if (!ctx) return;
    if (ctx.currentTime >= this.#endsAt) {
      this.stop();
      this.#onEnded?.();
      return;
    }
    const half = 30 / this.bpm;
    while (this.#nextTime < ctx.currentTime + LOOKAHEAD_S) {
      if (this.#halfBeat % 2 === 0) this.#kick(ctx, this.#nextTime, this.#halfBeat % 8 === 0 ? 1 : 0.7);
      else this.#hat(ctx, this.#nextTime);
      this.#nextTime += half;
      this.#halfBeat++;
    }
  }

  #kick(ctx: AudioContext, at: number, level: number): void {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.setValueAtTime(150, at);
    osc.frequency.exponentialRampToValueAtTime(45, at + 0.12);
    gain.gain.setValueAtTime(0.9 * level, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.2);
  }

  #hat(ctx: AudioContext, at: number): void {
    if (!this.#noise) return;
    const src = ctx.createBufferSource();
    src.buffer = this.#noise;
    const filter = ctx.createBiquadFilter();
    filter.type = "highpass";
    filter.frequency.value = 7000;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.25, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.05);
    src.connect(filter).connect(gain).connect(ctx.destination);
    src.start(at);
    src.stop(at + 0.06);
  }

  #makeNoise(ctx: AudioContext): AudioBuffer {
    const buffer = ctx.createBuffer(1, Math.round(ctx.sampleRate * 0.1), ctx.sampleRate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < data.length; i++) data[i] = Math.random() * 2 - 1;
    return buffer;
  }
}
