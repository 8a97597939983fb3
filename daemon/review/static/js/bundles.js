// Bundles in the browser: the person's identity unwrapped with their passphrase, a job's
// bundle and latest revision fetched as ciphertext and decrypted here, and a new revision
// encrypted here to the department's recipients. The server only ever sees ciphertext.
import { Decrypter, Encrypter, bech32 } from "/static/vendor/age-encryption/index.js";
import { unzipSync, strFromU8 } from "/static/vendor/fflate/index.js";
import { csrfToken } from "./session.js";
import { applyRevision } from "./review.js";

// The unwrapped identity is kept as a non-extractable WebCrypto X25519 key in this
// browser's IndexedDB: the station's scripts can decrypt with it, but no script can read
// the key itself out. It is tied to the person and removed at logout and on the login
// page. Where WebCrypto has no X25519, the identity text stays in this tab's
// sessionStorage instead. See docs/review.md (remaining risks).
const DATABASE = "yomitori";
const STORE = "keys";
const ENTRY = "identity";
const FALLBACK = "yomitori.identity";
// PKCS #8 wrapping of a raw 32-byte X25519 private key (RFC 8410), for importKey.
const PKCS8_X25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];

function keyStore(mode, act) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction(STORE, mode);
      const request = act(transaction.objectStore(STORE));
      transaction.oncomplete = () => { db.close(); resolve(request.result); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    };
  });
}

// The identity as a key no script can export.
export async function lockedKey(identity) {
  const { bytes } = bech32.decodeToBytes(identity);
  return crypto.subtle.importKey("pkcs8", new Uint8Array([...PKCS8_X25519, ...bytes]),
    { name: "X25519" }, false, ["deriveBits"]);
}

// The person's identity kept in this browser (a CryptoKey, or the fallback text), or null.
export async function storedIdentity(person = document.getElementById("main").dataset.person) {
  const fallback = sessionStorage.getItem(FALLBACK);
  if (fallback) return fallback;
  try {
    const entry = await keyStore("readonly", (store) => store.get(ENTRY));
    return entry && entry.person === person ? entry.key : null;
  } catch {
    return null;
  }
}

export async function keepIdentity(identity, person) {
  try {
    const key = await lockedKey(identity);
    await keyStore("readwrite", (store) => store.put({ person, key }, ENTRY));
    sessionStorage.removeItem(FALLBACK);
  } catch {
    sessionStorage.setItem(FALLBACK, identity); // no X25519 in WebCrypto here
  }
}

export async function forgetIdentity() {
  sessionStorage.removeItem(FALLBACK);
  try {
    await keyStore("readwrite", (store) => store.delete(ENTRY));
  } catch {
    // no IndexedDB: nothing was kept there
  }
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || "通信に失敗しました。もう一度試してください。");
  return body;
}

async function getBytes(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || "暗号化された結果を受け取れませんでした。");
  }
  return new Uint8Array(await response.arrayBuffer());
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

// Unwrap the person's identity (age scrypt) with the passphrase and keep it (see above).
export async function unlock(passphrase, person) {
  const { wrapped_identity: wrapped } = await getJson("/api/me/identity");
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  let identity;
  try {
    identity = (await decrypter.decrypt(fromBase64(wrapped), "text")).trim();
  } catch {
    throw new Error("パスフレーズが違います。");
  }
  await keepIdentity(identity, person);
  return (await storedIdentity(person)) || identity;
}

async function decrypt(bytes, identity) {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(bytes);
  } catch {
    throw new Error("この結果はあなたの鍵では開けません（登録より前に作られた結果かもしれません）。係長に相談してください。");
  }
}

// A job opened: {info, result, images: {page index: Blob}, revision: n or 0}. The latest
// revision's values are applied to result.json's.
export async function openJob(jobId, identity) {
  const info = await getJson(`/api/jobs/${jobId}`);
  const zip = unzipSync(await decrypt(await getBytes(`/api/jobs/${jobId}/bundle`), identity));
  const result = JSON.parse(strFromU8(zip["result.json"]));
  const images = {};
  for (const [name, data] of Object.entries(zip)) {
    const page = /^pages\/(\d+)\.png$/.exec(name);
    if (page) images[Number(page[1])] = new Blob([data], { type: "image/png" });
  }
  const files = info.revision_files || [];
  const latest = files.length ? Math.max(...files.map((f) => f.n)) : 0;
  let saved = null;
  if (latest) {
    const plain = await decrypt(await getBytes(`/api/jobs/${jobId}/revisions/${latest}`), identity);
    saved = JSON.parse(new TextDecoder().decode(plain));
    applyRevision(result, saved);
  }
  return { info, result, images, revision: latest, saved };
}

// Save a revision: encrypted here to every recipient of the department; the server is
// told the corrected fields' names only.
export async function saveRevision(jobId, department, document, correctedNames) {
  const { recipients } = await getJson(`/api/departments/${department}/recipients`);
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  const ciphertext = await encrypter.encrypt(JSON.stringify(document));
  const response = await fetch(`/api/jobs/${jobId}/revisions`, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/octet-stream",
      "X-CSRF-Token": csrfToken(),
      "X-Corrected-Fields": correctedNames.join(","),
    },
    body: ciphertext,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || "保存できませんでした。もう一度試してください。");
  return body;
}

// Hand a file to the person's browser as a download.
export function offerDownload(bytes, name, type = "text/csv") {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
