// Keep an onboarding job's status current without reloading the page: while the block
// asks for it (data-refresh), fetch the page again and swap in the new block. Without
// script the page has a link to check again.
(function () {
  "use strict";
  function refresh() {
    var block = document.getElementById("job-status");
    if (!block || !block.dataset.refresh) { return; }
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-status");
          if (fresh) { block.replaceWith(fresh); refresh(); }
        })
        .catch(function () { /* keep the link to check again */ });
    }, Number(block.dataset.refresh) * 1000);
  }
  refresh();
})();
