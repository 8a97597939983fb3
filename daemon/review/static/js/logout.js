// On every page: logging out first forgets the person's unwrapped key in this browser
// (the IndexedDB key store and the tab's fallback copy, see bundles.js).
function forget() {
  sessionStorage.removeItem("yomitori.identity");
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase("yomitori");
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

for (const form of document.querySelectorAll('form[action="/logout"]')) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await forget();
    form.submit();
  });
}
