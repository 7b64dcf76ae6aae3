import fc from "fast-check";

// Property tests draw random cases. In CI (CI=true) they use one fixed seed so a submission's result is
// reproducible; set FC_SEED to replay a reported failure anywhere. Locally every run explores new cases.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261124 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
