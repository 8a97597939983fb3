// The login page: derive the verifier from the passphrase, send it with the code, then
// unwrap the person's age identity in this tab (bundles.js).
import { deriveVerifier, postJson } from "./session.js";
import { forgetIdentity, unlock } from "./bundles.js";

const form = document.getElementById("login");
const alertBox = document.getElementById("login-alert");
forgetIdentity(); // a key left by an earlier person in this tab goes

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  alertBox.textContent = "";
  const name = document.getElementById("name").value.trim();
  const passphrase = document.getElementById("passphrase").value;
  const code = document.getElementById("code").value.trim();
  try {
    const params = await postJson("/api/login/params", { name });
    const verifier = await deriveVerifier(passphrase, params.salt, params.kdf);
    const done = await postJson("/api/login", { name, verifier, code });
    // Unwrap the person's key here, now that the passphrase is at hand; the job page
    // asks again if this fails (an auditor has none to open).
    await unlock(passphrase, name).catch(() => null);
    window.location.assign(done.next);
  } catch (error) {
    alertBox.textContent = error.message;
    document.getElementById("code").value = "";
  }
});
