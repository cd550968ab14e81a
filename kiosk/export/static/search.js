// Offline search of the exported exhibition, with the kiosk's folding (kiosk/search/fold.py):
// case folded, Latin/Greek/Cyrillic letters without accents or tones, đ -> d, marks kept in
// every other script, anything else a space. Documents arrive folded (search/index.js), so
// MiniSearch only splits on spaces; the query is folded here the same way.
(function () {
  "use strict";
  var SPECIAL = { "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe" };
  var UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\uAA80-\uAADF\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]|[\uD840-\uD88C][\uDC00-\uDFFF]/;
  var TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]/u;
  var NGRAM = 4;

  function stripsMarks(ch) {
    var c = ch.codePointAt(0);
    return c < 0x0530 || (c >= 0x1E00 && c <= 0x1FFF);
  }

  function foldChar(ch) {
    var out = "";
    var lower = ch.toLowerCase();
    for (var part of lower) {
      var d = part.normalize("NFD");
      var base = String.fromCodePoint(d.codePointAt(0));
      if (stripsMarks(base)) d = d.replace(/\p{Mn}/gu, "");
      out += d.normalize("NFC");
    }
    var mapped = "";
    for (var c of out) mapped += SPECIAL[c] || c;
    return mapped;
  }

  function fold(text) {
    var out = "";
    for (var ch of text.normalize("NFC")) {
      if (!TOKEN.test(ch) || (ch >= "\uE000" && ch <= "\uE004")) { out += " "; continue; }
      var f = foldChar(ch);
      for (var c of f) out += TOKEN.test(c) ? c : " ";
    }
    return out;
  }

  // The query's words; an unspaced run longer than NGRAM as its overlapping NGRAM-grams.
  function queryTerms(query) {
    var words = [];
    var folded = fold(query);
    var piece = "";
    var pieceUnspaced = false;
    function flush() {
      if (!piece) return;
      if (pieceUnspaced && [...piece].length > NGRAM) {
        var chars = [...piece];
        for (var i = 0; i + NGRAM <= chars.length; i++) words.push({ text: chars.slice(i, i + NGRAM).join(""), prefix: false });
      } else {
        words.push({ text: piece, prefix: !pieceUnspaced });
      }
      piece = "";
    }
    for (var ch of folded) {
      if (ch === " ") { flush(); continue; }
      var unspaced = UNSPACED.test(ch);
      if (piece && unspaced !== pieceUnspaced) flush();
      pieceUnspaced = unspaced;
      piece += ch;
    }
    flush();
    return words;
  }

  // A document's words as the kiosk indexes them: an unspaced run (one word in
  // search/index.js) becomes every substring of 1 to NGRAM characters.
  function indexTerms(text, field) {
    var out = [];
    var seen = new Set();  // each term once, as kiosk/export/search_index.py lists them
    function add(term) { if (!seen.has(term)) { seen.add(term); out.push(term); } }
    text.split(" ").forEach(function (word) {
      if (!word) return;
      if (field === "p" || !UNSPACED.test(word)) { add(word); return; }
      var chars = [...word];
      for (var size = 1; size <= NGRAM; size++) {
        for (var i = 0; i + size <= chars.length; i++) add(chars.slice(i, i + size).join(""));
      }
    });
    return out;
  }

  var built = null;  // the index, built once per page from search/index.js
  function index() {
    if (built) return built;
    built = new MiniSearch({ idField: "url", fields: ["t", "x", "p"], storeFields: ["url", "lang", "title", "snippet"],
      tokenize: indexTerms, processTerm: function (t) { return t || null; },
      searchOptions: { tokenize: function (s) { return s.split(" "); } } });
    built.addAll(window.KIOSK_SEARCH || []);
    return built;
  }

  function search(query, lang) {
    var mini = index();
    var terms = queryTerms(query);
    if (!terms.length) return [];
    var words = terms.map(function (w) { return w.text; });
    var hits = mini.search({ combineWith: "AND", queries: terms.map(function (w) {
      return { queries: [w.text], fields: ["t", "x"], prefix: w.prefix, combineWith: "AND" };
    }) }, { boost: { t: 3 } });
    var pairs = [];
    for (var i = 0; i + 1 < terms.length; i++) if (terms[i].prefix && terms[i + 1].prefix) pairs.push(words[i] + "_" + words[i + 1]);
    var phrase = {};
    if (pairs.length) {
      mini.search(pairs.join(" "), { fields: ["p"], combineWith: "AND" }).forEach(function (h) { phrase[h.id] = true; });
    }
    hits.forEach(function (h) {
      h.rank = h.score * (phrase[h.id] ? 10 : 1) * (h.lang === lang ? 2 : 1);
    });
    hits.sort(function (a, b) { return b.rank - a.rank; });
    return hits.slice(0, 50);
  }

  window.kioskFold = fold;
  window.kioskIndexTerms = indexTerms;
  window.kioskSearch = search;

  var form = document.getElementById("search-form");
  if (!form) return;
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var lang = document.documentElement.lang;
  function show(event) {
    if (event) event.preventDefault();
    var query = document.getElementById("q").value;
    var hits = search(query, lang);
    list.textContent = "";
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = h.url;
      a.textContent = h.title;
      a.lang = h.lang;
      li.lang = h.lang;
      var p = document.createElement("p");
      p.textContent = h.snippet;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = (hits.length ? status.dataset.found : status.dataset.none).replace("{n}", hits.length);
  }
  form.addEventListener("submit", show);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { document.getElementById("q").value = params.get("q"); show(); }
  document.getElementById("search-js").hidden = false;
  document.getElementById("search-nojs").hidden = true;
})();
