// Tempo estimation from audio the user supplies (the chain's "file" source). Pure TypeScript over PCM samples, so
// the same code runs in the browser (after decodeAudioData) and in Node tests.
//
// Why our own: `web-audio-beat-detector` (installed for the client) needs an OfflineAudioContext and a Worker,
// which Node tests do not have, so its results could not be checked here. This is the textbook method instead
// (Scheirer 1998; Ellis 2007 "Beat tracking by dynamic programming", tempo part), fully tested on synthetic audio:
//   1. onset envelope at 200 frames/s: RMS over 10 ms windows, log-compressed (log(1 + 10·rms/peak)), the
//      half-wave-rectified frame-to-frame increase, smoothed with [1 2 1]/4, mean removed;
//   2. unbiased autocorrelation of the envelope up to 8 s of lag;
//   3. coarse tempo: for every lag of 50–200 BPM, the mean autocorrelation at its first multiples ("comb"),
//      weighted by a log-normal tempo prior centred on 120 BPM (σ = 1.2 octaves) to break octave ties;
//   4. octave check: when the autocorrelation at half the lag is nearly as strong (≥ 0.8), the beat is really
//      twice as fast (a pulse whose "off-beats" are as loud as its beats) and the tempo doubles; likewise a comb at
//      1.5× the tempo nearly as strong (≥ 0.9) means the coarse pick was two thirds of the beat;
//   5. fine tempo: ±3 % around it in 0.02 BPM steps, maximising the comb over every multiple up to 8 s, whose
//      long lags make the estimate precise to a fraction of a BPM.
export interface TempoEstimate {
  bpm: number;
  /** 0–1: how periodic the onsets are at that tempo. Below 0.1 the function returns null instead. */
  confidence: number;
}

export interface TempoEstimateOptions {
  minBpm?: number;
  maxBpm?: number;
  /** Analyse at most this many seconds from the middle of the audio (default 60). */
  maxSeconds?: number;
}

const FRAME_RATE = 200;
const MAX_LAG_SECONDS = 8;
const PRIOR_CENTRE = 120;
const PRIOR_SIGMA_OCTAVES = 1.2;
const OCTAVE_RATIO = 0.8;
const THREE_TWO_RATIO = 0.9;

/** Mixes channels to one (average). */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  for (const c of channels) for (let i = 0; i < n; i++) out[i]! += c[i]! / channels.length;
  return out;
}

function onsetEnvelope(x: Float32Array, sampleRate: number): Float64Array {
  const hop = sampleRate / FRAME_RATE;
  const frames = Math.floor(x.length / hop) - 1;
  if (frames < 4) return new Float64Array(0);
  const energy = new Float64Array(frames);
  let peak = 0;
  for (let n = 0; n < frames; n++) {
    const start = Math.max(1, Math.round(n * hop));
    const end = Math.min(x.length, Math.round((n + 2) * hop));
    let sum = 0;
    for (let i = start; i < end; i++) {
      const d = x[i]!;
      sum += d * d;
    }
    const rms = Math.sqrt(sum / Math.max(1, end - start));
    energy[n] = rms;
    if (rms > peak) peak = rms;
  }
  if (peak === 0) return new Float64Array(0);
  const onset = new Float64Array(frames);
  let prev = Math.log1p((10 * energy[0]!) / peak);
  for (let n = 1; n < frames; n++) {
    const c = Math.log1p((10 * energy[n]!) / peak);
    onset[n] = Math.max(0, c - prev);
    prev = c;
  }
  // Smooth with [1, 2, 1] / 4 and remove the mean.
  const smooth = new Float64Array(frames);
  let mean = 0;
  for (let n = 0; n < frames; n++) {
    const v = (onset[n - 1] ?? 0) * 0.25 + onset[n]! * 0.5 + (onset[n + 1] ?? 0) * 0.25;
    smooth[n] = v;
    mean += v;
  }
  mean /= frames;
  for (let n = 0; n < frames; n++) smooth[n]! -= mean;
  return smooth;
}

function autocorrelation(o: Float64Array, maxLag: number): Float64Array {
  const n = o.length;
  const r = new Float64Array(maxLag + 2);
  for (let lag = 0; lag <= maxLag + 1 && lag < n; lag++) {
    let sum = 0;
    for (let i = 0; i + lag < n; i++) sum += o[i]! * o[i + lag]!;
    r[lag] = sum / (n - lag);
  }
  return r;
}

function at(r: Float64Array, lag: number): number {
  const i = Math.floor(lag);
  if (i < 0 || i + 1 >= r.length) return 0;
  const f = lag - i;
  return r[i]! * (1 - f) + r[i + 1]! * f;
}

/** Mean autocorrelation at the first `k` multiples of `lag` within the computed range. */
function comb(r: Float64Array, lag: number, k: number): number {
  let sum = 0;
  let count = 0;
  for (let m = 1; m <= k && m * lag < r.length - 1; m++) {
    sum += at(r, m * lag);
    count++;
  }
  return count ? sum / count : 0;
}

const prior = (bpm: number) => Math.exp(-0.5 * (Math.log2(bpm / PRIOR_CENTRE) / PRIOR_SIGMA_OCTAVES) ** 2);

/** The tempo of mono PCM audio, or null when there is no clear beat (silence, noise, too short). */
export function estimateTempo(
  samples: Float32Array,
  sampleRate: number,
  options: TempoEstimateOptions = {},
): TempoEstimate | null {
  const minBpm = options.minBpm ?? 50;
  const maxBpm = options.maxBpm ?? 200;
  const maxSamples = Math.floor((options.maxSeconds ?? 60) * sampleRate);
  const x =
    samples.length > maxSamples
      ? samples.subarray(
          (samples.length - maxSamples) >> 1,
          ((samples.length - maxSamples) >> 1) + maxSamples,
        )
      : samples;
  const o = onsetEnvelope(x, sampleRate);
  const maxLag = Math.min(Math.floor(MAX_LAG_SECONDS * FRAME_RATE), o.length - 2);
  const minLag = (60 * FRAME_RATE) / maxBpm;
  if (maxLag < 2 * ((60 * FRAME_RATE) / minBpm)) return null; // less than two beats of the slowest tempo
  const r = autocorrelation(o, maxLag);
  if (!(r[0]! > 0)) return null;

  // 3. Coarse: every lag step of a quarter frame between the tempo bounds.
  let bestLag = 0;
  let bestScore = -Infinity;
  for (let lag = minLag; lag <= (60 * FRAME_RATE) / minBpm; lag += 0.25) {
    const score = comb(r, lag, 4) * prior((60 * FRAME_RATE) / lag);
    if (score > bestScore) {
      bestScore = score;
      bestLag = lag;
    }
  }
  if (bestLag === 0) return null;
  // 4. Octave check, then the 3:2 check (a beat of alternating kick and snare under loud off-beats can make
  //    two thirds of the tempo look as good as the tempo itself).
  while ((60 * FRAME_RATE) / (bestLag / 2) <= maxBpm && at(r, bestLag / 2) >= OCTAVE_RATIO * at(r, bestLag))
    bestLag /= 2;
  const twoThirds = (bestLag * 2) / 3;
  if (
    (60 * FRAME_RATE) / twoThirds <= maxBpm &&
    comb(r, twoThirds, 4) >= THREE_TWO_RATIO * comb(r, bestLag, 4)
  ) {
    bestLag = twoThirds;
  }
  // 5. Fine.
  const coarse = (60 * FRAME_RATE) / bestLag;
  let bpm = coarse;
  let fine = -Infinity;
  for (let t = coarse * 0.97; t <= coarse * 1.03; t += 0.02) {
    const lag = (60 * FRAME_RATE) / t;
    const s = comb(r, lag, Math.floor(maxLag / lag));
    if (s > fine) {
      fine = s;
      bpm = t;
    }
  }
  const confidence = Math.max(0, Math.min(1, fine / r[0]!));
  if (confidence < 0.1) return null;
  return { bpm: Math.round(bpm * 10) / 10, confidence: Math.round(confidence * 100) / 100 };
}
