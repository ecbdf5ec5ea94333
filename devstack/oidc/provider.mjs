// A loopback OpenID Connect provider that stands in for an e-ID broker (BankID, Freja)
// in `make run` and the tests. It is panva's oidc-provider with one confidential client,
// PKCE (S256) required, RS256 ID tokens signed with a key made at start, and the library's
// development sign-in pages (plain HTML forms, no JavaScript): the login name is the key of
// a test person in the persons file, any password is accepted.
//
//   node provider.mjs --port 9400 --client-id torget --client-secret s3cret \
//       --redirect-uri http://localhost:8000/account/verify/eid/callback/ \
//       --persons persons.json [--issuer http://127.0.0.1:9400] [--jwk key.json]
//
// The persons file maps a login name to the claims of that person; it is read again at
// every sign-in, so a test can add people while the provider runs. Never use in production.

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: options } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.EID_TEST_PORT || '9400' },
    issuer: { type: 'string' },
    'client-id': { type: 'string', default: process.env.EID_OIDC_CLIENT_ID || 'torget' },
    'client-secret': { type: 'string', default: process.env.EID_OIDC_CLIENT_SECRET },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'auth-method': { type: 'string', default: 'client_secret_basic' },
    persons: { type: 'string', default: process.env.EID_TEST_PERSONS },
    jwk: { type: 'string' },
  },
});

function fail(message) {
  process.stderr.write(`test e-ID: ${message}\n`);
  process.exit(2);
}

if (!options['client-secret']) fail('--client-secret is required');
if (!options.persons) fail('--persons FILE is required');
if (options['redirect-uri'].length === 0) fail('at least one --redirect-uri is required');
if (!['client_secret_basic', 'client_secret_post'].includes(options['auth-method'])) {
  fail('--auth-method is client_secret_basic or client_secret_post');
}

const port = Number(options.port);
const issuer = (options.issuer || `http://${options.host}:${port}`).replace(/\/$/, '');

function signingKey() {
  if (options.jwk) return JSON.parse(readFileSync(options.jwk, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function readPersons() {
  return JSON.parse(readFileSync(options.persons, 'utf8'));
}

// What a Swedish e-ID broker releases, per the Swedish OIDC profile's claim names and
// two address claims brokers that read the population register can add.
const PERSON_CLAIMS = [
  'name',
  'given_name',
  'family_name',
  'birthdate',
  'https://id.oidc.se/claim/personalIdentityNumber',
  'municipality_code',
  'postal_code',
];

const configuration = {
  clients: [
    {
      client_id: options['client-id'],
      client_secret: options['client-secret'],
      redirect_uris: options['redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: options['auth-method'],
      id_token_signed_response_alg: 'RS256',
    },
  ],
  // Every client must send a PKCE challenge; the library only knows S256.
  pkce: { required: () => true },
  jwks: { keys: [signingKey()] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    profile: PERSON_CLAIMS,
    'https://id.oidc.se/scope/naturalPersonNumber': PERSON_CLAIMS,
  },
  // Brokers put the person's claims in the ID token; so does this one.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const person = readPersons()[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...person };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.on('server_error', (ctx, error) => process.stderr.write(`server_error: ${error.stack}\n`));

const server = provider.listen(port, options.host, () => {
  process.stdout.write(`test e-ID: issuer ${issuer} (listening on ${options.host}:${port})\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
