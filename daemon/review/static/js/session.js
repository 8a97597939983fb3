// What every page script shares: the CSRF token, JSON requests, and the login verifier.
// The passphrase never leaves the browser: only a PBKDF2-derived verifier is sent.

export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]').content;
}

export async function postJson(url, data) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
    body: JSON.stringify(data ?? {}),
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || "通信に失敗しました。もう一度試してください。");
  }
  return body;
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function toBase64(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

// PBKDF2 as the server's `kdf` says (WebCrypto names), over the NFC form of the passphrase.
export async function deriveVerifier(passphrase, saltBase64, kdf) {
  const key = await crypto.subtle.importKey(
    "raw", new TextEncoder().encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: kdf.name, hash: kdf.hash, salt: fromBase64(saltBase64), iterations: kdf.iterations },
    key, kdf.length * 8);
  return toBase64(new Uint8Array(bits));
}
