// Sign-in with the platform's identity provider: authorization code with PKCE (RFC 7636) as a public client. The
// access token lives in this tab's session storage only (15 minutes, no refresh token); the session ends on sign-out
// (the token is revoked and the provider's session ended) and after IDLE_MINUTES without a touch.
import { toBase64url } from './base64url.js';

const CLIENT = 'nyckelfri-app';
const SESSION = 'nyckelfri.session';
const PENDING = 'nyckelfri.pkce';
const REVOKE = 'nyckelfri.revoke';
export const IDLE_MINUTES = 10;

const redirectUri = () => `${location.origin}/app/`;

function random() {
  return toBase64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function signIn() {
  const verifier = random();
  const state = random();
  const challenge = toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT, redirect_uri: redirectUri(), scope: 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`/oauth2/authorize?${query}`);
}

/** Completes a sign-in when the provider has sent the browser back with a code; what went wrong otherwise. */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  history.replaceState(null, '', '/app/');
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  if (params.has('error') || !pending || pending.state !== params.get('state')) return 'sign-in-failed';
  const response = await fetch('/oauth2/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(), client_id: CLIENT,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) return 'sign-in-failed';
  const tokens = await response.json();
  sessionStorage.setItem(SESSION, JSON.stringify({
    accessToken: tokens.access_token, idToken: tokens.id_token,
    expiresAt: Date.now() + tokens.expires_in * 1000, lastActive: Date.now(),
  }));
  return null;
}

/** The access token while the session lasts, or null (signed out, expired, or idle too long). */
export function accessToken() {
  const session = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
  if (!session || Date.now() > session.expiresAt - 30_000 || Date.now() - session.lastActive > IDLE_MINUTES * 60_000) {
    return null;
  }
  return session.accessToken;
}

export function signedIn() {
  return accessToken() !== null;
}

export function touch() {
  const session = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
  if (session && Date.now() - session.lastActive <= IDLE_MINUTES * 60_000) {
    session.lastActive = Date.now();
    sessionStorage.setItem(SESSION, JSON.stringify(session));
  }
}

/**
 * Ends the session here and at the provider: forgets the tokens and sends the browser through the provider's
 * OpenID Connect RP-initiated logout (which needs the ID token's authorization still live), which sends it back to
 * the app's sign-in; there {@link completeSignOut} revokes the access token.
 */
export function signOut() {
  const session = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
  sessionStorage.removeItem(SESSION);
  if (!session) {
    location.assign('/app/?signed-out');
    return;
  }
  sessionStorage.setItem(REVOKE, session.accessToken);
  location.assign(`/connect/logout?${new URLSearchParams({ id_token_hint: session.idToken, client_id: CLIENT })}`);
}

/** Back from the provider's logout: the access token is revoked, so no copy of it opens anything any more. */
export async function completeSignOut() {
  const token = sessionStorage.getItem(REVOKE);
  if (!token) return;
  sessionStorage.removeItem(REVOKE);
  try {
    await fetch('/oauth2/revoke', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token', client_id: CLIENT }),
    });
  } catch (offline) {
    // Offline: the token still expires within 15 minutes and is gone from this phone.
  }
}
