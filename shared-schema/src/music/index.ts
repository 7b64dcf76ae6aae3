// @cadence/shared-schema/music: the Session Mix domain (BPM classification, targets, scoring, the mix itself,
// the tempo-source chain and tempo estimation). Pure: no Node, DOM or network, and no model — Spotify data must
// never reach an LLM (Spotify's developer policy), so nothing here is imported by the ai-worker's prompt code.
export * from "./types.js";
export * from "./bpm.js";
export * from "./signals.js";
export * from "./targets.js";
export * from "./history.js";
export * from "./fallback-pool.js";
export * from "./score.js";
export * from "./session-mix.js";
export * from "./tempo.js";
export * from "./tempo-estimate.js";
export * from "./api.js";
