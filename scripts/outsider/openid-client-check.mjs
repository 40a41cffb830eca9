// Outsider check: a standard OpenID Connect relying party (openid-client v5) with DEFAULT settings
// signs in against Nyckelfri's embedded identity provider.
// Not part of the build (no Node toolchain there): a check an outsider runs against the default run.
// Usage, with the platform running (README):
//   cd "$(mktemp -d)" && npm install openid-client@5 && cp <repo>/scripts/outsider/openid-client-check.mjs . \
//     && node openid-client-check.mjs [base-url] [username] [password]
// Defaults: http://127.0.0.1:8080, anna.andersson, demo. Prints RESULT: OK when the library, with its defaults,
// validated the ID token and read UserInfo.
import { Issuer, generators, custom } from 'openid-client';

const base = process.argv[2] || 'http://127.0.0.1:8080';
const username = process.argv[3] || 'anna.andersson';
const password = process.argv[4] || 'demo';
const clientId = 'nyckelfri-cli';
const redirectUri = 'http://127.0.0.1:8765/callback';

custom.setHttpOptionsDefaults({ timeout: 20000 });

// --- a tiny browser: cookie jar per host, manual redirects ---
const jar = new Map(); // host -> Map(name -> value)
function storeCookies(url, res) {
  const host = new URL(url).host;
  const cookies = jar.get(host) || new Map();
  for (const sc of res.headers.getSetCookie()) {
    const [pair] = sc.split(';');
    const i = pair.indexOf('=');
    cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  jar.set(host, cookies);
}
function cookieHeader(url) {
  const cookies = jar.get(new URL(url).host);
  return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
}
async function browse(url, init = {}) {
  const headers = { ...(init.headers || {}), cookie: cookieHeader(url), accept: 'text/html,application/xhtml+xml,*/*' };
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  storeCookies(url, res);
  console.log(`  browser: ${init.method || 'GET'} ${url} -> ${res.status}${res.headers.get('location') ? ' Location: ' + res.headers.get('location') : ''}`);
  return res;
}

try {
  // 1. Discovery
  const issuer = await Issuer.discover(base);
  console.log('discovered issuer:', issuer.issuer);
  console.log('  authorization_endpoint:', issuer.authorization_endpoint);
  console.log('  token_endpoint:', issuer.token_endpoint);
  console.log('  userinfo_endpoint:', issuer.userinfo_endpoint);
  console.log('  jwks_uri:', issuer.jwks_uri);
  console.log('  id_token_signing_alg_values_supported:', JSON.stringify(issuer.id_token_signing_alg_values_supported));

  // 2. Client with ONLY the defaults (no id_token_signed_response_alg -> library default RS256)
  const client = new issuer.Client({
    client_id: clientId,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  console.log('client id_token_signed_response_alg (library default):', client.id_token_signed_response_alg);

  // 3. Authorization URL with PKCE S256, state, nonce
  const code_verifier = generators.codeVerifier();
  const code_challenge = generators.codeChallenge(code_verifier);
  const state = generators.state();
  const nonce = generators.nonce();
  const authUrl = client.authorizationUrl({
    scope: 'openid', code_challenge, code_challenge_method: 'S256', state, nonce,
  });
  console.log('authorization URL:', authUrl);

  // 4. Sign in as a browser would
  let url = authUrl;
  let res = await browse(url);
  let callbackUrl = null;
  let loggedIn = false;
  for (let hop = 0; hop < 20 && !callbackUrl; hop++) {
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location'), url).href;
      if (url.startsWith(redirectUri)) { callbackUrl = url; break; }
      res = await browse(url);
      continue;
    }
    const html = await res.text();
    if (res.status === 200 && /name="password"/.test(html) && !loggedIn) {
      const csrf = (html.match(/name="_csrf"[^>]*value="([^"]*)"/) || html.match(/value="([^"]*)"[^>]*name="_csrf"/) || [])[1];
      const formTag = html.match(/<form[^>]*>/i)?.[0] || '';
      const action = new URL((formTag.match(/action="([^"]*)"/) || [])[1] || url, url).href;
      console.log(`  login form: action=${action} csrf=${csrf ? 'present' : 'MISSING'}`);
      const body = new URLSearchParams({ username, password });
      if (csrf) body.set('_csrf', csrf);
      loggedIn = true;
      res = await browse(action, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      continue;
    }
    throw new Error(`unexpected page at ${url}: HTTP ${res.status}: ${html.slice(0, 500)}`);
  }
  if (!callbackUrl) throw new Error('never reached the callback');
  console.log('callback URL reached:', callbackUrl.replace(/code=[^&]+/, 'code=<redacted>'));

  // 5. Code exchange + ID token validation by the library
  const params = client.callbackParams(callbackUrl);
  const tokenSet = await client.callback(redirectUri, params, { code_verifier, state, nonce });
  const header = JSON.parse(Buffer.from(tokenSet.id_token.split('.')[0], 'base64url').toString());
  console.log('ID token header:', JSON.stringify(header));
  console.log('ID token alg:', header.alg);
  console.log('ID token validation: PASSED (client.callback returned without error)');
  const claims = tokenSet.claims();
  console.log('ID token claims:', JSON.stringify(claims));
  console.log('sub:', claims.sub);
  const atHeader = JSON.parse(Buffer.from(tokenSet.access_token.split('.')[0], 'base64url').toString());
  console.log('access token header:', JSON.stringify(atHeader), 'token_type:', tokenSet.token_type, 'scope:', tokenSet.scope);

  // 6. UserInfo
  const userinfo = await client.userinfo(tokenSet.access_token);
  console.log('userinfo:', JSON.stringify(userinfo));
  console.log('RESULT: OK');
} catch (e) {
  console.log('ERROR:', e.name, '-', e.message);
  if (e.response) console.log('  HTTP', e.response.statusCode, JSON.stringify(e.response.body?.toString?.() ?? e.response.body));
  if (e.jwt) console.log('  jwt:', e.jwt);
  console.log('RESULT: FAILED');
  process.exitCode = 1;
}
