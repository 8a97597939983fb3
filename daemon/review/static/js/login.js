// The login page: derive the verifier from the passphrase, send it with the code.
import { deriveVerifier, postJson } from "./session.js";

const form = document.getElementById("login");
const alertBox = document.getElementById("login-alert");

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
    window.location.assign(done.next);
  } catch (error) {
    alertBox.textContent = error.message;
    document.getElementById("code").value = "";
  }
});
