import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  ErrorBodySchema,
  JobFailBodySchema,
  LoginBodySchema,
  RegisterBodySchema,
  WorkerClaimBodySchema,
  errorBody,
} from "../src/index.js";

function issues(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return result.success ? "" : z.prettifyError(result.error);
}

describe("register body", () => {
  it("accepts a valid body and normalises the email", () => {
    expect(RegisterBodySchema.parse({ email: " Ada@Example.COM ", password: "correct horse" })).toEqual({
      email: "ada@example.com",
      password: "correct horse",
    });
    expect(
      RegisterBodySchema.parse({ email: "a@b.no", password: "12345678", displayName: " Ada " }).displayName,
    ).toBe("Ada");
  });

  it("rejects bad fields with readable issues", () => {
    const text = issues(RegisterBodySchema, { email: "not-an-email", password: "short", displayName: "" });
    expect(text).toContain("Invalid email address");
    expect(text).toContain("at password");
    expect(text).toContain("at displayName");
    expect(issues(RegisterBodySchema, { email: "a@b.no", password: "x".repeat(257) })).toContain(
      "at password",
    );
    expect(
      issues(RegisterBodySchema, { email: "a@b.no", password: "12345678", displayName: "x".repeat(81) }),
    ).toContain("at displayName");
  });
});

describe("login body", () => {
  it("does not apply the registration length rule", () => {
    expect(LoginBodySchema.safeParse({ email: "a@b.no", password: "short" }).success).toBe(true);
    expect(LoginBodySchema.safeParse({ email: "a@b.no", password: "" }).success).toBe(false);
  });
});

describe("worker bodies", () => {
  it("bounds the claim long-poll to 0..25000 ms", () => {
    expect(WorkerClaimBodySchema.safeParse({ kinds: ["plan"] }).success).toBe(true);
    expect(WorkerClaimBodySchema.safeParse({ kinds: ["plan"], waitMs: 25_000 }).success).toBe(true);
    expect(issues(WorkerClaimBodySchema, { kinds: ["plan"], waitMs: 25_001 })).toContain("at waitMs");
    expect(issues(WorkerClaimBodySchema, { kinds: ["plan"], waitMs: -1 })).toContain("at waitMs");
    expect(issues(WorkerClaimBodySchema, { kinds: [] })).toContain("at kinds");
  });

  it("requires a reason and an explicit retry flag to fail a job", () => {
    expect(JobFailBodySchema.safeParse({ reason: "model timeout", retry: true }).success).toBe(true);
    expect(issues(JobFailBodySchema, { reason: "x" })).toContain("at retry");
  });
});

describe("error body", () => {
  it("errorBody builds the contract's shape", () => {
    expect(ErrorBodySchema.parse(errorBody("unauthenticated", "Sign in first."))).toEqual({
      error: { code: "unauthenticated", message: "Sign in first." },
    });
  });
});
