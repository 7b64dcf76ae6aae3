// @cadence/shared-schema: document schemas, migrations, HTTP bodies and identity formats shared by the
// client, the sync server and the ai-worker. No Node, DOM or network imports here.
export * from "./documents/index.js";
export * from "./migrations.js";
export * from "./api.js";
export * from "./ids.js";
export * from "./privacy.js";
