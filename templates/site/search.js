// The search box over a language's list of topics (topics.html.j2), with Pagefind's index that
// `handout site` writes to pagefind/. The box is in the page but hidden; it is shown only once
// the index has loaded. Without JavaScript, or where the browser will not load it (a page
// opened from file://), the box stays hidden and the full list of topics is all there is.
// Every result is written with textContent: the index's words never become markup.
(function () {
  "use strict";
  var MAX_RESULTS = 20;
  var MAX_QUERY = 200;
  var form = document.querySelector("form.search");
  if (!form || !window.fetch || !window.URL || !window.Promise) return;
  var input = form.querySelector("input");
  var status = form.querySelector(".search-status");
  var list = form.querySelector(".search-results");
  var script = new URL(form.getAttribute("data-index"), document.baseURI);
  var lang = document.documentElement.lang;
  var latest = 0;

  function count(n) {
    try {
      return new Intl.NumberFormat(lang).format(n);
    } catch (e) {
      return String(n);
    }
  }

  function line(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = text;
    return element;
  }

  function show(pages) {
    list.textContent = "";
    pages.forEach(function (page) {
      var meta = page.meta || {};
      var item = document.createElement("li");
      if (meta.kind) item.appendChild(line("p", "kind", meta.kind));
      var title = document.createElement("p");
      var link = line("a", "", meta.title || page.url);
      link.href = page.url;
      title.appendChild(link);
      item.appendChild(title);
      if (meta.summary) item.appendChild(line("p", "", meta.summary));
      list.appendChild(item);
    });
    status.textContent = pages.length
      ? form.getAttribute("data-found").replace("{count}", count(pages.length))
      : form.getAttribute("data-none");
  }

  function start(pagefind) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    input.addEventListener("input", function () {
      var query = input.value.trim().slice(0, MAX_QUERY);
      var mine = ++latest;
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      pagefind
        .debouncedSearch(query, {}, 200)
        .then(function (found) {
          if (!found || mine !== latest) return null;
          return Promise.all(
            found.results.slice(0, MAX_RESULTS).map(function (result) {
              return result.data();
            })
          );
        })
        .then(function (pages) {
          if (pages && mine === latest) show(pages);
        })
        .catch(function () {
          if (mine === latest) status.textContent = form.getAttribute("data-none");
        });
    });
    form.hidden = false;
  }

  // Ask for the index's entry first: where that fails (file://, a missing index) nothing shows.
  fetch(new URL("pagefind-entry.json", script))
    .then(function (response) {
      if (!response.ok) throw new Error("no search index");
      return import(script.href);
    })
    .then(function (pagefind) {
      return pagefind.init().then(function () {
        start(pagefind);
      });
    })
    .catch(function () {});
})();
