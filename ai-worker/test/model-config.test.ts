import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { DEFAULT_MODEL, modelConfigFromEnv } from "../src/model.js";

describe("model configuration", () => {
  it("is off (rules) unless a key or a base URL is set", () => {
    expect(modelConfigFromEnv({})).toBeNull();
    expect(modelConfigFromEnv({ OPENAI_MODEL: "gpt-4o" })).toBeNull();
    expect(loadConfig({}).model).toBeNull();
  });

  it("takes OpenAI's API with a key, any server with a base URL (the key may stay empty)", () => {
    expect(modelConfigFromEnv({ OPENAI_API_KEY: "sk-x" })).toEqual({
      apiKey: "sk-x",
      baseURL: undefined,
      model: DEFAULT_MODEL,
      budgetMs: 9000,
      maxRetries: 1,
    });
    expect(
      modelConfigFromEnv({
        OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/",
        OPENAI_MODEL: "llama3.1",
        OPENAI_TIMEOUT_MS: "5000",
        OPENAI_MAX_RETRIES: "0",
      }),
    ).toEqual({
      apiKey: "not-needed",
      baseURL: "http://127.0.0.1:11434/v1",
      model: "llama3.1",
      budgetMs: 5000,
      maxRetries: 0,
    });
  });

  it("refuses values it cannot use, with the variable's name", () => {
    expect(() => modelConfigFromEnv({ OPENAI_BASE_URL: "not a url" })).toThrow(ConfigError);
    expect(() => modelConfigFromEnv({ OPENAI_BASE_URL: "ftp://x" })).toThrow(/OPENAI_BASE_URL/);
    expect(() => modelConfigFromEnv({ OPENAI_API_KEY: "k", OPENAI_TIMEOUT_MS: "10" })).toThrow(
      /OPENAI_TIMEOUT_MS/,
    );
    expect(() => modelConfigFromEnv({ OPENAI_API_KEY: "k", OPENAI_MAX_RETRIES: "9" })).toThrow(
      /OPENAI_MAX_RETRIES/,
    );
  });
});
