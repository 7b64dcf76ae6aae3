/**
 * The loopback OpenID provider (oidc-provider.ts) as a process of its own, for the end-to-end tests: it stands
 * in for Google while the browser signs in. A test chooses who logs in next with `POST /login` on the control
 * port (JSON: sub, email, email_verified, name); `GET /healthz` there says it is up.
 *
 *   OIDC_PORT, OIDC_CONTROL_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI
 */
import http from "node:http";
import { startOidcProvider, type TestIdentity } from "./oidc-provider.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const idp = await startOidcProvider({
  port: Number(env("OIDC_PORT")),
  clientId: env("OIDC_CLIENT_ID"),
  clientSecret: env("OIDC_CLIENT_SECRET"),
  redirectUris: [env("OIDC_REDIRECT_URI")],
});

const control = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz") return void res.writeHead(200).end("ok");
  if (req.method !== "POST" || req.url !== "/login") return void res.writeHead(404).end();
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => (body += chunk));
  req.on("end", () => {
    try {
      const who = JSON.parse(body) as TestIdentity;
      if (typeof who.sub !== "string") throw new Error("sub is required");
      idp.login(who);
      res.writeHead(204).end();
    } catch (error) {
      res.writeHead(400).end(String(error));
    }
  });
});
control.listen(Number(env("OIDC_CONTROL_PORT")), "127.0.0.1");

const stop = () => {
  control.close();
  void idp.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
