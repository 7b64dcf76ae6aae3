/**
 * Tempo from an audio file the user chooses (the tempo chain's "file" source). The browser decodes the file
 * (any format it can play) at 22.05 kHz mono and Cadence's own estimator (`estimateTempo`, tested on synthetic
 * audio within ±2 BPM) reads the middle minute. The file never leaves the device.
 */
import { estimateTempo, toMono, type TempoEstimate } from "@cadence/shared-schema/music";

const SAMPLE_RATE = 22050;

export async function estimateTempoFromFile(file: Blob): Promise<TempoEstimate | null> {
  const data = await file.arrayBuffer();
  // An OfflineAudioContext decodes without autoplay restrictions and resamples to its own rate.
  const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
  const audio = await context.decodeAudioData(data);
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
  // Yield once so the page can paint "estimating…" before the ~100 ms of arithmetic.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return estimateTempo(toMono(channels), audio.sampleRate, { maxSeconds: 60 });
}
