import { ACCOUNT_SCHEMA_VERSION } from "@cadence/shared-schema";
import { expect, it } from "vitest";
import { ACCOUNT_VERSION } from "../src/account.js";

it("reads the account schema version shared-schema writes", () => {
  expect(ACCOUNT_VERSION).toBe(ACCOUNT_SCHEMA_VERSION);
});
