// Tempo estimation on synthetic audio of known tempo: click tracks and drum patterns rendered here as PCM.
import { describe, expect, it } from "vitest";
import { estimateTempo, toMono } from "../../src/music/index.js";
import { mulberry32 } from "../../src/plan/prng.js";

type Kind = "click" | "drums" | "loud-hats";

/** `seconds` of mono PCM at `bpm`: a click per beat, or kick/snare on beats with eighth-note hi-hats, plus noise. */
function render(bpm: number, kind: Kind, sampleRate = 22050, seconds = 30, seed = 1): Float32Array {
  const x = new Float32Array(Math.round(sampleRate * seconds));
  const r = mulberry32(seed);
  const hit = (t: number, amp: number, freq: number, dur: number) => {
    const s0 = Math.round(t * sampleRate);
    for (let i = 0; i < dur * sampleRate && s0 + i < x.length; i++) {
      const osc = freq > 0 ? Math.sin((2 * Math.PI * freq * i) / sampleRate) : r() * 2 - 1;
      x[s0 + i]! += amp * osc * Math.exp(-i / ((sampleRate * dur) / 5));
    }
  };
  const beat = 60 / bpm;
  let n = 0;
  for (let t = 0.05; t < seconds; t += beat, n++) {
    if (kind === "click") {
      hit(t, 0.8, 1000, 0.03);
      continue;
    }
    if (n % 2 === 0) hit(t, 0.9, 60, 0.15);
    else hit(t, 0.6, 0, 0.1);
    hit(t, 0.25, 0, 0.03);
    hit(t + beat / 2, kind === "loud-hats" ? 0.4 : 0.25, 0, 0.03);
  }
  for (let i = 0; i < x.length; i++) x[i]! += (r() * 2 - 1) * 0.03;
  return x;
}

describe("estimateTempo", () => {
  const tempos = [52, 60, 72, 85, 90, 100, 110, 117, 120, 127.3, 128, 140, 150, 160, 165, 174, 180, 195];

  it.each(tempos)("finds a %s BPM click track within ±2 BPM", (bpm) => {
    const e = estimateTempo(render(bpm, "click", 22050, 30, bpm), 22050);
    expect(e).not.toBeNull();
    expect(Math.abs(e!.bpm - bpm)).toBeLessThanOrEqual(2);
    expect(e!.confidence).toBeGreaterThan(0.5);
  });

  it.each(tempos.filter((b) => b >= 70))(
    "finds a %s BPM drum pattern (kick, snare, eighth-note hats) within ±2 BPM",
    (bpm) => {
      const e = estimateTempo(render(bpm, "drums", 22050, 30, bpm), 22050);
      expect(Math.abs(e!.bpm - bpm)).toBeLessThanOrEqual(2);
    },
  );

  it("works at 44.1 kHz, on stereo mixed down, and on a long file (analyses the middle minute)", () => {
    const left = render(132, "drums", 44100, 20, 3);
    const right = render(132, "drums", 44100, 20, 4);
    const e = estimateTempo(toMono([left, right]), 44100);
    expect(Math.abs(e!.bpm - 132)).toBeLessThanOrEqual(2);
    const long = render(148, "click", 8000, 150, 5);
    expect(Math.abs(estimateTempo(long, 8000)!.bpm - 148)).toBeLessThanOrEqual(2);
  });

  it("may read a slow song with loud eighth-notes at double time, which the half/double-time rule absorbs", () => {
    for (const bpm of [60, 72, 90, 100, 120, 150, 180]) {
      const e = estimateTempo(render(bpm, "loud-hats", 22050, 30, bpm), 22050)!;
      const ratio = e.bpm / bpm;
      const octave = [0.5, 1, 2].find((k) => Math.abs(ratio - k) * bpm <= 2 * k);
      expect(octave, `${bpm} → ${e.bpm}`).toBeDefined();
    }
  });

  it("says nothing for silence, noise or too little audio", () => {
    expect(estimateTempo(new Float32Array(22050 * 10), 22050)).toBeNull();
    const r = mulberry32(7);
    const noise = Float32Array.from({ length: 22050 * 10 }, () => r() * 2 - 1);
    expect(estimateTempo(noise, 22050)).toBeNull();
    expect(estimateTempo(render(120, "click", 22050, 1), 22050)).toBeNull();
  });
});
