/* placard site search. Our own code; no dependencies. Loaded only by the search page.
   It reads this site's own index (search-index/<lang>/index.json and the shards it names) and
   never sends what is typed anywhere: files are fetched by their names, not by the query.
   Nothing is stored; the address changes only when the form is submitted (?q=).
   The rules are those of src/extras/search/query.rs (the Rust version the tests check):
   keep the two in step. Without this script the page lists every page, A to Z. */
(function () {
  "use strict";
  var doc = document;
  var form = doc.getElementById("search-form");
  if (!form || !window.fetch || !String.prototype.normalize) {
    return;
  }
  var input = doc.getElementById("search-q");
  var status = doc.getElementById("search-status");
  var list = doc.getElementById("search-results");
  /* "Show more results" works only with this script, so the script makes it. */
  var more = doc.createElement("button");
  more.type = "button";
  more.className = "button search-more";
  more.hidden = true;
  more.textContent = form.getAttribute("data-more");
  list.parentNode.insertBefore(more, list.nextSibling);
  var all = doc.getElementById("search-all");
  var base = form.getAttribute("data-index").replace(/[^/]*$/, "");
  var PAGE = 10;
  var FIELD = [8, 4, 1];
  var files = {};
  var meta = null;
  var run = 0;
  var ranked = [];
  var shown = 0;
  var matched = [];

  /* ---- text: what a word is, folding, stemming (src/extras/search/text.rs) */
  var WORD = /[\p{Alphabetic}\p{M}\p{N}\u200c\u200d]/u;
  var APOS = /['\u2019\u02bc]/;
  var DROP = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670\u0640'\u2019\u02bc\u200c\u200d]/g;
  var MAP = { "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "þ": "th",
    "ß": "ss", "æ": "ae", "œ": "oe", "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9" };
  var MAPPED = /[łøđðħıŧþßæœ\u064a\u0649\u0643]/g;

  function words(text) {
    var out = [];
    var start = -1;
    var chars = Array.from(text);
    var at = 0;
    for (var k = 0; k < chars.length; k++) {
      var c = chars[k];
      var joins = APOS.test(c) && start >= 0 && k + 1 < chars.length && WORD.test(chars[k + 1]);
      if (WORD.test(c) || joins) {
        if (start < 0) start = at;
      } else if (start >= 0) {
        out.push([start, at]);
        start = -1;
      }
      at += c.length;
    }
    if (start >= 0) out.push([start, at]);
    return out;
  }

  function fold(word) {
    var f = word.toLowerCase().normalize("NFD").replace(DROP, "")
      .replace(MAPPED, function (c) { return MAP[c]; }).normalize("NFC");
    return Array.from(f).slice(0, 40).join("");
  }

  function stem(w) {
    if (Array.from(w).length < 4 || !/s$/.test(w)) return w;
    if (/ies$/.test(w) && Array.from(w).length > 4) return w.slice(0, -3) + "y";
    if (/(sses|ches|shes|xes|zzes)$/.test(w)) return w.slice(0, -2);
    if (/(ss|us|is)$/.test(w)) return w;
    return w.slice(0, -1);
  }

  function term(word) {
    var f = fold(word);
    return meta.stem ? stem(f) : f;
  }

  /* ---- the index's files: fetched once each, kept in memory only. Page files (d/) are
     JSON compressed with raw DEFLATE, inflated here (no DecompressionStream: old phones). */
  function get(path) {
    if (!files[path]) {
      files[path] = fetch(base + path, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.arrayBuffer() : null; })
        .then(function (b) {
          var bytes = new Uint8Array(b);
          return b && JSON.parse(new TextDecoder().decode(/^d\//.test(path) ? inflate(bytes) : bytes));
        })
        .catch(function () { return null; });
    }
    return files[path];
  }

  /* RFC 1951, as in zlib's "puff": Huffman codes read bit by bit (the files are small). */
  var LB = [], LE = [], DB = [], DE = [];
  for (var i = 0, b = 3; i < 29; i++) {
    LE[i] = i < 8 || i > 27 ? 0 : (i >> 2) - 1;
    LB[i] = i > 27 ? 258 : b;
    b += 1 << LE[i];
  }
  for (i = 0, b = 1; i < 30; i++) {
    DE[i] = i < 4 ? 0 : (i >> 1) - 1;
    DB[i] = b;
    b += 1 << DE[i];
  }

  function inflate(src) {
    var out = [], pos = 0, bit = 0, last, type, n;
    function bits(k) {
      for (var v = 0, j = 0; j < k; j++) {
        if (pos >= src.length) throw 0;
        v |= (src[pos] >> bit & 1) << j;
        if (++bit > 7) { bit = 0; pos++; }
      }
      return v;
    }
    /* A canonical code from its lengths: [count per length, symbols in code order]. */
    function code(lengths) {
      var count = [], offs = [0, 0], sym = [], l;
      for (l = 0; l < 16; l++) count[l] = 0;
      lengths.forEach(function (x) { count[x]++; });
      for (l = 1; l < 15; l++) offs[l + 1] = offs[l] + count[l];
      lengths.forEach(function (x, s) { if (x) sym[offs[x]++] = s; });
      return [count, sym];
    }
    function decode(h) {
      for (var c = 0, first = 0, index = 0, len = 1; len < 16; len++) {
        c |= bits(1);
        var k = h[0][len];
        if (c - k < first) return h[1][index + c - first];
        index += k;
        first = first + k << 1;
        c <<= 1;
      }
      throw 0;
    }
    do {
      last = bits(1);
      type = bits(2);
      if (type === 0) {
        if (bit) { bit = 0; pos++; }
        n = src[pos] | src[pos + 1] << 8;
        for (pos += 4; n--;) out.push(src[pos++]);
        continue;
      }
      var lens = [], lit, dist, s;
      if (type === 1) {
        for (s = 0; s < 320; s++) lens[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : s < 288 ? 8 : 5;
        n = 288;
      } else {
        n = bits(5) + 257;
        var nd = bits(5) + 1, nc = bits(4) + 4, cl = [];
        for (s = 0; s < 19; s++) cl[s] = 0;
        for (s = 0; s < nc; s++) cl[[16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15][s]] = bits(3);
        var clc = code(cl);
        while (lens.length < n + nd) {
          s = decode(clc);
          if (s < 16) { lens.push(s); continue; }
          var rep = s === 16 ? 3 + bits(2) : s === 17 ? 3 + bits(3) : 11 + bits(7);
          var v = s === 16 ? lens[lens.length - 1] : 0;
          while (rep--) lens.push(v);
        }
      }
      lit = code(lens.slice(0, n));
      dist = code(lens.slice(n));
      while ((s = decode(lit)) !== 256) {
        if (s < 256) { out.push(s); continue; }
        s -= 257;
        var len = LB[s] + bits(LE[s]);
        var d = decode(dist);
        d = DB[d] + bits(DE[d]);
        while (len--) out.push(out[out.length - d]);
      }
    } while (!last);
    return new Uint8Array(out);
  }

  function ids(s) {
    var out = [];
    var prev = -1;
    var acc = 0;
    var D = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";
    for (var i = 0; i < s.length; i++) {
      var d = D.indexOf(s[i]);
      if (d < 0) continue;
      acc = acc * 32 + (d % 32);
      if (d < 32) {
        prev += acc + 1;
        out.push(prev);
        acc = 0;
      }
    }
    return out;
  }

  function shardsFor(word, prefix) {
    var out = [];
    var longest = "";
    Object.keys(meta.shards).forEach(function (p) {
      if (prefix && p !== word && p.indexOf(word) === 0) out.push(meta.shards[p]);
      if (word.indexOf(p) === 0 && p.length > longest.length) longest = p;
    });
    if (longest) out.push(meta.shards[longest]);
    return out;
  }

  function terms(names) {
    return Promise.all(names.map(get)).then(function (shards) {
      var out = {};
      shards.forEach(function (s) {
        Object.keys(s || {}).forEach(function (t) { out[t] = s[t]; });
      });
      return out;
    });
  }

  /* One typo: one letter added, missing, changed, or two swapped (optimal string alignment). */
  function distance(a, b) {
    if (Math.abs(a.length - b.length) > 1) return 2;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) rows[i].push(i ? 0 : j);
    }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1,
          rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = d;
      }
    }
    return Math.min(rows[a.length][b.length], 2);
  }

  function oneTypo(word, t) {
    var w = Array.from(word);
    var c = Array.from(t);
    if (w.length < 5 || c[0] !== w[0]) return false;
    if (distance(w, c) <= 1) return true;
    for (var k = w.length - 1; k <= w.length + 1; k++) {
      if (k < c.length && distance(w, c.slice(0, k)) <= 1) return true;
    }
    return false;
  }

  /* The terms a word matches: {term: [lists, weight]}. */
  function matches(word) {
    var prefix = Array.from(word).length >= 2;
    return terms(shardsFor(word, prefix)).then(function (found) {
      var out = {};
      Object.keys(found).forEach(function (t) {
        if (t === word) out[t] = [found[t], 1];
        else if (prefix && t.indexOf(word) === 0) out[t] = [found[t], 0.75];
      });
      var first = Array.from(word)[0];
      if (Object.keys(out).length || Array.from(word).length < 5 || !meta.words[first]) return out;
      return get(meta.words[first]).then(function (dict) {
        var near = (dict || []).filter(function (t) { return oneTypo(word, t); });
        var names = [];
        near.forEach(function (t) {
          shardsFor(t, false).forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); });
        });
        return terms(names).then(function (found2) {
          near.forEach(function (t) { if (found2[t]) out[t] = [found2[t], 0.5]; });
          return out;
        });
      });
    });
  }

  function queryWords(q) {
    var out = [];
    words(q).forEach(function (r) {
      var t = term(q.slice(r[0], r[1]));
      if (t && out.indexOf(t) < 0) out.push(t);
    });
    return out;
  }

  function rank(qwords) {
    return Promise.all(qwords.map(matches)).then(function (per) {
      var scores = null;
      matched = per.map(function (m) { return Object.keys(m); });
      per.forEach(function (m) {
        var best = {};
        Object.keys(m).forEach(function (t) {
          m[t][0].forEach(function (l, field) {
            ids(l || "").forEach(function (id) {
              best[id] = Math.max(best[id] || 0, FIELD[field] * m[t][1]);
            });
          });
        });
        if (!scores) {
          scores = best;
        } else {
          var next = {};
          Object.keys(scores).forEach(function (id) {
            if (best[id]) next[id] = scores[id] + best[id];
          });
          scores = next;
        }
      });
      return Object.keys(scores || {}).map(function (id) { return [+id, scores[id]]; })
        .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    });
  }

  /* ---- a result: the part that matches most, and an excerpt of it */
  function isMatch(word) {
    var t = term(word);
    return matched.some(function (m) { return m.indexOf(t) >= 0; });
  }

  function countMatches(text) {
    var found = matched.map(function () { return false; });
    var first = -1;
    words(text).forEach(function (r, k) {
      var t = term(text.slice(r[0], r[1]));
      matched.forEach(function (m, i) {
        if (m.indexOf(t) >= 0) {
          found[i] = true;
          if (first < 0) first = k;
        }
      });
    });
    return [found.filter(Boolean).length, first];
  }

  function excerpt(text, into) {
    var ws = words(text);
    var first = Math.max(countMatches(text)[1], 0);
    var from = Math.max(first - 8, 0);
    var to = Math.min(from + 30, ws.length);
    if (from >= ws.length) return;
    var end = to < ws.length ? ws[to][0] : text.length;
    var pos = ws[from][0];
    if (from > 0) into.appendChild(doc.createTextNode("… "));
    for (var k = from; k < to; k++) {
      var w = text.slice(ws[k][0], ws[k][1]);
      if (isMatch(w)) {
        into.appendChild(doc.createTextNode(text.slice(pos, ws[k][0])));
        var mark = doc.createElement("mark");
        mark.textContent = w;
        into.appendChild(mark);
        pos = ws[k][1];
      }
    }
    into.appendChild(doc.createTextNode(text.slice(pos, end).replace(/\s+$/, "")));
    if (to < ws.length) into.appendChild(doc.createTextNode(" …"));
  }

  /* The whole of a short text (a title), its matching words marked. */
  function marked(text, into) {
    var pos = 0;
    words(text).forEach(function (r) {
      if (!isMatch(text.slice(r[0], r[1]))) return;
      into.appendChild(doc.createTextNode(text.slice(pos, r[0])));
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      into.appendChild(mark);
      pos = r[1];
    });
    into.appendChild(doc.createTextNode(text.slice(pos)));
  }

  function item(d) {
    var parts = d.p || [];
    var best = -1;
    var most = 0;
    parts.forEach(function (p, i) {
      var n = 2 * countMatches(p[1])[0] + countMatches(p[2])[0];
      if (n > most) { most = n; best = i; }
    });
    var part = best >= 0 ? parts[best] : null;
    var text = part && countMatches(part[2])[0] ? part[2] : d.d;
    if (!text) text = parts.length ? parts[0][2] : "";
    if (countMatches(d.t)[0] === matched.length) part = null;
    var li = doc.createElement("li");
    li.className = "search-result";
    var h = doc.createElement("h2");
    h.className = "search-result__title";
    var a = doc.createElement("a");
    a.href = d.u + (part && part[0] ? "#" + part[0] : "");
    marked(d.t, a);
    h.appendChild(a);
    li.appendChild(h);
    if (part && part[0] && part[1]) {
      var where = doc.createElement("p");
      where.className = "search-result__where";
      where.textContent = form.getAttribute("data-under") + " " + part[1];
      li.appendChild(where);
    }
    var p = doc.createElement("p");
    p.className = "search-result__excerpt";
    excerpt(text, p);
    li.appendChild(p);
    return li;
  }

  /* ---- the page */
  function say(n, q) {
    var key = n === 0 ? "data-none" : n === 1 ? "data-one" : "data-other";
    status.textContent = form.getAttribute(key).replace("{count}", n).replace("{query}", q);
  }

  function showMore(focus) {
    var mine = run;
    var next = ranked.slice(shown, shown + PAGE);
    shown += next.length;
    return Promise.all(next.map(function (r) { return get("d/" + r[0] + ".bin?v=" + meta.dv); }))
      .then(function (docs) {
        if (mine !== run) return;
        var firstNew = null;
        docs.forEach(function (d) {
          if (!d) return;
          var li = item(d);
          firstNew = firstNew || li;
          list.appendChild(li);
        });
        more.hidden = shown >= ranked.length;
        if (focus && firstNew) firstNew.querySelector("a").focus();
      });
  }

  function search(q) {
    var mine = ++run;
    return get("index.json").then(function (m) {
      if (!m || mine !== run) return;
      meta = m;
      var qwords = queryWords(q);
      if (!qwords.length) {
        list.textContent = "";
        list.hidden = more.hidden = true;
        all.hidden = false;
        status.textContent = "";
        return;
      }
      return rank(qwords).then(function (r) {
        if (mine !== run) return;
        ranked = r;
        shown = 0;
        list.textContent = "";
        list.lang = meta.lang;
        list.dir = meta.dir;
        list.hidden = !r.length;
        all.hidden = r.length > 0;
        return showMore(false).then(function () { if (mine === run) say(r.length, q.trim()); });
      });
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });

  more.addEventListener("click", function () { showMore(true); });

  /* Arrow keys move between the field and the results; Escape goes back to the field. */
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  function move(event, from) {
    var ls = links();
    var i = ls.indexOf(from);
    if (event.key === "ArrowDown" && i + 1 < ls.length) ls[i + 1].focus();
    else if (event.key === "ArrowUp" && i > 0) ls[i - 1].focus();
    else if (event.key === "ArrowUp" && i === 0) input.focus();
    else if (event.key === "Escape" && i >= 0) input.focus();
    else return;
    event.preventDefault();
  }
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") move(event, null);
  });
  list.addEventListener("keydown", function (event) { move(event, event.target); });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    search(q);
  }
})();
