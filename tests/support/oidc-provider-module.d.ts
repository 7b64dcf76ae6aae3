// oidc-provider ships no type declarations; the test harness (oidc-provider.ts) types the parts it uses.
declare module "oidc-provider" {
  const Provider: new (issuer: string, configuration: unknown) => unknown;
  export default Provider;
}
