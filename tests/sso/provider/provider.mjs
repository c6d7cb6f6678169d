// A real OpenID Connect provider (oidc-provider) for the SSO tests, on 127.0.0.1.
//
//   node provider.mjs <port> <redirect_uri> [<fd>]
//
// With <fd>, it listens on that inherited socket, which the caller has already bound to <port>
// (so parallel test workers never race for a port); without, it binds <port> itself.
//
// One confidential client ("drumbeat" / "drumbeat-secret"). The provider's own development
// interaction pages take any login: the login is the account's email address, verified
// unless it starts with "unverified". Prints "ready" once listening.
import Provider from "oidc-provider";

const [port, redirectUri, fd] = process.argv.slice(2);
if (!port || !redirectUri) {
  console.error("usage: node provider.mjs <port> <redirect_uri> [<fd>]");
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const configuration = {
  clients: [
    {
      client_id: "drumbeat",
      client_secret: "drumbeat-secret",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  // The claims of the requested scopes go into the ID token, as Google and Microsoft do.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["drumbeat-test-provider-cookie-key"] },
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: sub,
          email_verified: !sub.startsWith("unverified"),
          name: `Person ${sub.split("@")[0]}`,
        };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.on("server_error", (_ctx, err) => console.error("server_error", err));
const ready = () => console.log("ready");
if (fd) {
  provider.listen({ fd: Number(fd) }, ready);
} else {
  provider.listen(Number(port), "127.0.0.1", ready);
}
