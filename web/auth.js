// Sign-in by OAuth 2.0 authorization code with PKCE: Cognito's hosted UI when deployed, the local issuer's page
// on the local stack. Both speak the same endpoints, so this is the only sign-in code the page has.
// The ID token lives in sessionStorage: gone when the tab closes, never sent anywhere but the API.

const TOKEN_KEY = 'blog.idToken';
const PENDING_KEY = 'blog.signIn';

function base64Url(bytes) {
  let text = '';
  for (const byte of bytes) {
    text += String.fromCharCode(byte);
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Where the identity provider sends the browser back: this page's folder, as registered with the app client. */
export function redirectUri() {
  const url = new URL('.', window.location.href);
  url.search = '';
  url.hash = '';
  return url.href;
}

function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
      .join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** The signed-in user ({name, token}) or null; an expired token counts as signed out. */
export function currentUser() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    return null;
  }
  const claims = claimsOf(token);
  if (!claims || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
  // The API names authors as the functions do: cognito:username, else username, else sub.
  const name = claims['cognito:username'] ?? claims.username ?? claims.sub;
  return { name, token };
}

export async function signIn(auth) {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: window.location.hash }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    scope: auth.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  window.location.assign(`${auth.authorizeUrl}?${query}`);
}

/**
 * Finishes a sign-in when the page was opened by the provider's redirect (?code=&state=): trades the code for
 * tokens and cleans the address bar. Returns null when this was no redirect, else an error message or ''.
 */
export async function completeSignIn(auth) {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('code') && !params.has('error')) {
    return null;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY);
  window.history.replaceState(null, '', redirectUri() + (pending?.returnTo ?? ''));
  if (params.has('error')) {
    return `Sign-in failed: ${params.get('error_description') ?? params.get('error')}`;
  }
  if (!pending || pending.state !== params.get('state')) {
    return 'Sign-in failed: the answer does not belong to a sign-in started here. Please sign in again.';
  }
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: params.get('code'),
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.id_token) {
    return `Sign-in failed: ${body.error_description ?? body.error ?? response.status}`;
  }
  sessionStorage.setItem(TOKEN_KEY, body.id_token);
  return '';
}

/** Forgets the token; with Cognito also ends the hosted UI's session so the next sign-in asks again. */
export function signOut(auth) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (auth.logoutUrl) {
    const query = new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri() });
    window.location.assign(`${auth.logoutUrl}?${query}`);
    return true;
  }
  return false;
}
