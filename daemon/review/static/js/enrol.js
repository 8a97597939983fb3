// The enrolment page: make the person's age identity here, wrap it with the passphrase
// (age scrypt), derive the login verifier (PBKDF2, another salt), and send the verifier,
// the recipient and the wrapped identity with the first code. Never the passphrase.
import { deriveVerifier, postJson, toBase64 } from "./session.js";

const main = document.getElementById("main");
const form = document.getElementById("enrol");
const alertBox = document.getElementById("enrol-alert");
const token = main.dataset.token;

// The age library is vendored by the review page (static/vendor/); see docs/review.md.
async function makeIdentity(passphrase) {
  const age = await import("/static/vendor/age-encryption/index.js");
  const identity = await age.generateIdentity();
  const recipient = await age.identityToRecipient(identity);
  const encrypter = new age.Encrypter();
  encrypter.setPassphrase(passphrase);
  const wrapped = await encrypter.encrypt(identity);
  return { recipient, wrapped: toBase64(wrapped) };
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  alertBox.textContent = "";
  const passphrase = document.getElementById("passphrase").value;
  if (passphrase !== document.getElementById("passphrase2").value) {
    alertBox.textContent = "パスフレーズが一致しません。";
    return;
  }
  if ([...passphrase].length < 12) {
    alertBox.textContent = "パスフレーズは12文字以上にしてください。";
    return;
  }
  try {
    const enrolment = await (await fetch(`/api/enrol/${token}`)).json();
    if (enrolment.error) throw new Error(enrolment.error);
    const { recipient, wrapped } = await makeIdentity(passphrase);
    const verifier = await deriveVerifier(passphrase, enrolment.salt, enrolment.kdf);
    const code = document.getElementById("code").value.trim();
    const done = await postJson(`/api/enrol/${token}`, {
      verifier, recipient, wrapped_identity: wrapped, code,
    });
    window.location.assign(done.next);
  } catch (error) {
    alertBox.textContent = error.message || "登録できませんでした。";
  }
});
