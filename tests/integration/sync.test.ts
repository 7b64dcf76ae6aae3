import type { AutomergeUrl } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, registerUser, startTestServer, waitFor } from "../support/server.js";

type Account = { profile: { displayName: string } };

describe("sync between devices of one user", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("an edit on one device appears on the other", async () => {
    const user = await registerUser(server.url);
    const a = await connectClient(server.url, user);
    const b = await connectClient(server.url, user);
    const ha = await a.find<Account>(user.rootDocUrl as AutomergeUrl);
    const hb = await b.find<Account>(user.rootDocUrl as AutomergeUrl);
    ha.change((d) => {
      d.profile.displayName = "Ada on the phone";
    });
    await waitFor(() => hb.doc().profile.displayName === "Ada on the phone");
    expect(hb.doc().profile.displayName).toBe("Ada on the phone");
    await a.shutdown();
    await b.shutdown();
  });
});
