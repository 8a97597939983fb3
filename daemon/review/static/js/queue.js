// The queue page: several approved jobs merged into one CSV, built here. Each job's bundle
// and latest revision are decrypted in this page; the server is told only that each job
// was downloaded.
import { postJson } from "./session.js";
import { download, hasForms } from "./review.js";
import { offerDownload, openJob, storedIdentity, unlock } from "./bundles.js";

const form = document.getElementById("merge");
const alertBox = document.getElementById("queue-alert");
const boxes = [...document.querySelectorAll("input.merge")];

function chosen() {
  return boxes.filter((box) => box.checked).map((box) => box.closest("tr"));
}

// One CSV for the chosen rows (one department, so one encoding).
export async function mergeDownload(rows, identity) {
  const departments = new Set(rows.map((row) => row.dataset.department));
  if (departments.size !== 1) throw new Error("ひとつのCSVにまとめられるのは同じ課の案件だけです。");
  const results = [];
  for (const row of rows) results.push((await openJob(row.dataset.job, identity)).result);
  const [department] = departments;
  const withForms = results.filter((result) => hasForms([result])).length;
  if (withForms && withForms !== results.length) {
    throw new Error("帳票のある案件とない案件は、ひとつのファイルにまとめられません。分けて選んでください。");
  }
  const file = download(results, rows[0].dataset.encoding, department);
  for (const row of rows) await postJson(`/api/jobs/${row.dataset.job}/downloaded`);
  offerDownload(file.bytes, file.name, file.type);
  return results.length;
}

if (form && boxes.length) {
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    alertBox.textContent = "";
    const rows = chosen();
    if (!rows.length) {
      alertBox.textContent = "まとめる案件を選んでください。";
      return;
    }
    try {
      const passphrase = document.getElementById("merge-passphrase");
      const person = document.getElementById("main").dataset.person;
      const identity = await storedIdentity(person) || await unlock(passphrase.value, person);
      passphrase.value = "";
      const count = await mergeDownload(rows, identity);
      alertBox.textContent = `${count}件の案件をひとつのCSVにまとめました。各案件を開いて「完了」にしてください。`;
    } catch (error) {
      alertBox.textContent = error.message;
    }
  });
}
window.Yomitori = { ...(window.Yomitori || {}), mergeDownload };
