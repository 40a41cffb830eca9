#!/usr/bin/env bash
# Prints an access token for a user of the embedded identity provider, obtained the way a real client does:
# sign in on the login form, then the OAuth 2.1 authorization-code flow with PKCE (public client nyckelfri-cli).
# Usage: scripts/token.sh <username> [password] [base-url]      e.g.  TOKEN=$(scripts/token.sh manager.centrum demo)
set -euo pipefail
user=${1:?usage: token.sh <username> [password] [base-url]}
password=${2:-demo}
base=${3:-http://localhost:8080}
client=nyckelfri-cli
redirect=http://127.0.0.1:8765/callback
jar=$(mktemp); trap 'rm -f "$jar"' EXIT

# 1. PKCE: a random verifier and its S256 challenge.
verifier=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
challenge=$(printf '%s' "$verifier" | openssl dgst -binary -sha256 | base64 | tr '+/' '-_' | tr -d '=\n')

# 2. Sign in on the login form (it needs the CSRF token from the page).
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" type="hidden" value="\([^"]*\)".*/\1/p')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=$user" --data-urlencode "password=$password" \
  --data-urlencode "_csrf=$csrf" "$base/login"

# 3. Ask for an authorization code; the answer is a redirect to the client with ?code=...
location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -G "$base/oauth2/authorize" \
  --data-urlencode response_type=code --data-urlencode "client_id=$client" --data-urlencode "redirect_uri=$redirect" \
  --data-urlencode scope=openid --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256)
code=$(printf '%s' "$location" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
[ -n "$code" ] || { echo "sign-in failed for $user (redirected to: $location)" >&2; exit 1; }

# 4. Exchange the code and the verifier for tokens.
curl -s "$base/oauth2/token" -d grant_type=authorization_code -d "code=$code" -d "redirect_uri=$redirect" \
  -d "client_id=$client" -d "code_verifier=$verifier" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
