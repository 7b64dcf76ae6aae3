// The trivial job that proves the pipeline end to end: input { text } -> result { echoed: text, at: ISO time }.
import { z } from "zod";
import { PermanentJobError, type JobHandler } from "./handler.js";

const EchoInput = z.object({ text: z.string().max(10_000) });

export function echoHandler(now: () => Date = () => new Date()): JobHandler {
  return {
    kind: "echo",
    run({ input }) {
      const parsed = EchoInput.safeParse(input);
      if (!parsed.success) {
        return Promise.reject(
          new PermanentJobError("echo input must be { text: string } (at most 10000 chars)"),
        );
      }
      return Promise.resolve({ echoed: parsed.data.text, at: now().toISOString() });
    },
  };
}
