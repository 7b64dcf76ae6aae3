// @cadence/shared-schema/requests: the plan and feedback requests a device writes into its documents, how the
// planner's input is assembled from the user's documents, and which answer every device shows. Pure.
export * from "./plan-requests.js";
export * from "./plan-inputs.js";
export * from "./feedback.js";
