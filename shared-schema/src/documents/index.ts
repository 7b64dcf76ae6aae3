export * from "./primitives.js";
export * from "./request.js";
export * from "./account.js";
export * from "./workout.js";
export * from "./context.js";
export * from "./music.js";
export * from "./kinds.js";
