import * as Automerge from "@automerge/automerge";
import type { AutomergeUrl } from "@automerge/automerge-repo";
import { makeClientPeerId, newDocRequest } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, registerUser, startTestServer, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";

type Changes = { changes: Array<{ hash: string; by: string; userId: string | null; deviceId: string }> };

describe("change attribution the server vouches for", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let user: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  const docId = () => user.rootDocUrl.replace("automerge:", "");
  const changesOf = async (cookie: string) => {
    const res = await fetch(`${server.url}/api/documents/${docId()}/changes`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as Changes };
  };

  it("records which authenticated device delivered each change", async () => {
    const phoneId = makeClientPeerId(user.userId);
    const tabletId = makeClientPeerId(user.userId);
    const phone = await connectClient(server.url, user, phoneId);
    const tablet = await connectClient(server.url, user, tabletId);
    const onPhone = await phone.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const onTablet = await tablet.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);

    onPhone.change((d) => {
      d.profile.displayName = "from the phone";
    });
    const phoneHash = Automerge.decodeChange(Automerge.getLastLocalChange(onPhone.doc())!).hash;
    await waitFor(() => onTablet.doc().profile.displayName === "from the phone");
    onTablet.change((d) => {
      d.profile.displayName = "from the tablet";
    });
    const tabletHash = Automerge.decodeChange(Automerge.getLastLocalChange(onTablet.doc())!).hash;
    await waitFor(() => onPhone.doc().profile.displayName === "from the tablet");

    const { status, body } = await changesOf(user.cookie);
    expect(status).toBe(200);
    const byHash = new Map(body.changes.map((c) => [c.hash, c]));
    expect(byHash.get(phoneHash)).toMatchObject({ by: "user", userId: user.userId, deviceId: phoneId });
    // The tablet's change was relayed to the phone, but it is attributed to the tablet that delivered it first.
    expect(byHash.get(tabletHash)).toMatchObject({ by: "user", userId: user.userId, deviceId: tabletId });
    await phone.shutdown();
    await tablet.shutdown();
  });

  it("attributes the server's own bookkeeping changes to the server", async () => {
    const repo = await connectClient(server.url, user);
    const handle = await repo.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const request = newDocRequest("echo", { text: "attributed" });
    handle.change((d) => {
      d.requests[request.id] = request;
    });
    await waitFor(() => handle.doc().requests[request.id]?.status === "queued");
    const { body } = await changesOf(user.cookie);
    expect(body.changes.some((c) => c.by === "server" && c.userId === null)).toBe(true);
    await repo.shutdown();
  });

  it("answers a stranger exactly as for a document that does not exist", async () => {
    const stranger = await registerUser(server.url);
    const theirs = await changesOf(stranger.cookie);
    const unknown = await fetch(`${server.url}/api/documents/4NMNnkMhL8jXrdJ9jamS2A8eSPGw/changes`, {
      headers: { cookie: stranger.cookie },
    });
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(theirs.body).toEqual(await unknown.json());
    const anonymous = await fetch(`${server.url}/api/documents/${docId()}/changes`);
    expect(anonymous.status).toBe(401);
  });
});
