// The SPA's loading state: shown by index.html at once, removed when the app starts
// (Trunk's TrunkApplicationStarted event); when the app's files fail to load, a message with
// a retry. Shared by the resident and the staff shells.
// No inline handlers: the Content-Security-Policy allows no inline script but Trunk's loader.
(function () {
  var boot = document.getElementById("boot");
  var failed = document.getElementById("boot-failed");
  var started = false;
  function fail(message) {
    if (started) return;
    boot.hidden = true;
    if (message) document.getElementById("boot-message").textContent = message;
    failed.hidden = false;
  }
  document.getElementById("boot-retry").addEventListener("click", function () { location.reload(); });
  if (typeof WebAssembly !== "object") {
    fail("Ваш браузер не поддерживает WebAssembly. Откройте личный кабинет в актуальной версии Chrome, Firefox, Safari или Яндекс Браузера. / Your browser does not support WebAssembly: please use a current Chrome, Firefox, Safari or Yandex Browser.");
    return;
  }
  var timer = setTimeout(function () { fail(); }, 30000);
  addEventListener("TrunkApplicationStarted", function () {
    started = true;
    clearTimeout(timer);
    boot.remove();
    failed.remove();
  });
  // A script or wasm file that fails to load (capture: load errors do not bubble).
  addEventListener("error", function () { fail(); }, true);
  addEventListener("unhandledrejection", function () { fail(); });
})();
