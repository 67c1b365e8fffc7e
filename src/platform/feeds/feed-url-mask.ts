/**
 * Masking the credentials a feed URL may carry before the URL is written into text others read
 * (audit rows, error messages): the password of `https://user:pass@host/…` (or a lone user part,
 * often a token), and the values of query or fragment parameters whose names look secret
 * (`token=`, `key=`, `apikey=`, `api_key=`, `access_token=`, `X-Amz-Signature=`…). Everything
 * else stays as written, so the masked URL still tells an administrator which feed it is. The
 * stored URL is never changed: the feed needs its credentials to be fetched.
 */

/** What a masked part reads. */
export const MASK = '***'

/** The shortest secret part masked wherever it appears in a message. */
const MIN_MASKED = 4

/** Parameter names that carry a credential: the name ends with one of these words. */
const SECRET_NAME = /(token|key|secret|pass|password|passwd|pwd|auth|signature|sig|credentials?)$/i

/** `scheme://` then the userinfo (no `/`, `?` or `#` in it) ending at the last `@` of the authority. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '))
  } catch {
    return name
  }
}

/** Whether a query or fragment parameter named `name` (as written, maybe percent-encoded) is secret. */
export function isSecretParameter(name: string): boolean {
  return SECRET_NAME.test(decodedName(name).trim())
}

/** `a=1&token=x` with the secret parameters' values masked; pairs without `=` stay. */
function maskPairs(pairs: string): string {
  return pairs
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=')
      if (equals < 0 || equals === pair.length - 1) return pair
      return isSecretParameter(pair.slice(0, equals)) ? `${pair.slice(0, equals + 1)}${MASK}` : pair
    })
    .join('&')
}

/** `url` with its credentials masked (`https://user:***@host/f?token=***&format=csv`); a local path comes back unchanged. */
export function maskUrlCredentials(url: string): string {
  const withoutUser = url.replace(USERINFO, (_whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':')
    // A lone user part is masked whole: services put tokens there (https://<token>@host/…).
    return colon < 0 ? `${scheme}${MASK}@` : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`
  })
  const hash = withoutUser.indexOf('#')
  const beforeHash = hash < 0 ? withoutUser : withoutUser.slice(0, hash)
  const fragment = hash < 0 ? undefined : withoutUser.slice(hash + 1)
  const question = beforeHash.indexOf('?')
  const base = question < 0 ? beforeHash : beforeHash.slice(0, question)
  const query = question < 0 ? undefined : beforeHash.slice(question + 1)
  return (
    base +
    (query === undefined ? '' : `?${maskPairs(query)}`) +
    // Implicit OAuth flows put tokens in the fragment (#access_token=…).
    (fragment === undefined ? '' : `#${maskPairs(fragment)}`)
  )
}

/** The secret parts of `url` (password or lone user part, secret parameter values), raw and decoded. */
function secretsOf(url: string): string[] {
  const secrets: string[] = []
  const userinfo = USERINFO.exec(url)?.[2]
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':')
    secrets.push(colon < 0 ? userinfo : userinfo.slice(colon + 1))
  }
  for (const pair of url.split(/[?#&]/).slice(1)) {
    const equals = pair.indexOf('=')
    if (equals > 0 && isSecretParameter(pair.slice(0, equals))) secrets.push(pair.slice(equals + 1))
  }
  // Shorter values are left to the URL-wide masking: replacing them everywhere would garble the
  // message (a password `40` in `HTTP 404`) while hiding little.
  return secrets.flatMap((secret) => [secret, decodedName(secret)]).filter((secret) => secret.length >= MIN_MASKED)
}

/**
 * `text` (an error message about the feed at `url`) with that URL and each of its secret parts
 * masked wherever they appear, so a message from deeper down (a parser, the network) cannot
 * quote a credential.
 */
export function maskFeedSecrets(text: string, url: string): string {
  let masked = text.split(url).join(maskUrlCredentials(url))
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...new Set(secretsOf(url))].sort((a, b) => b.length - a.length)) {
    masked = masked.split(secret).join(MASK)
  }
  return masked
}
