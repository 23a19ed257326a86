// Progressive enhancement for the buyer pages; every form also works without this file.
(function () {
  "use strict";

  // Selects marked data-autosubmit (language, sort) submit their form on change.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]")) {
      target.form.submit();
    }
  });
  document.documentElement.classList.add("js");

  // The listing's filter form refreshes only the results (the server answers HX-Request with the partial).
  function liveResults(form) {
    var results = document.querySelector(form.getAttribute("data-live-results"));
    if (!results || !window.fetch || !window.URLSearchParams) return;
    var pending = null;
    var timer = null;

    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (String(value).trim() !== "") params.append(key, value);
      });
      return params.toString();
    }

    function refresh() {
      var qs = query();
      var url = form.action + (qs ? "?" + qs : "");
      if (pending) pending.abort();
      pending = new AbortController();
      results.setAttribute("aria-busy", "true");
      fetch(url, { headers: { "HX-Request": "true" }, signal: pending.signal })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          results.innerHTML = html;
          results.removeAttribute("aria-busy");
          history.replaceState(null, "", url);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") window.location.href = url;
        });
    }

    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      refresh();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-results]").forEach(liveResults);
    // On small screens the filters start folded so the products come first.
    if (window.matchMedia("(max-width: 760px)").matches) {
      document.querySelectorAll("details.filters-panel").forEach(function (details) {
        details.removeAttribute("open");
      });
    }
  });
})();
