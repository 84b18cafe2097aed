// placard's admin script for the editor at /admin/ (Decap CMS). It runs before the editor's
// own script: it stops the editor starting by itself, then, once the page has loaded,
// registers the site's stylesheets for the preview and its components as editor blocks
// (from /admin/placard.json, which placard serve makes from the component templates), and
// starts the editor. Nothing here loads anything from another origin.
"use strict";
window.CMS_MANUAL_INIT = true;

(function () {
  // A component argument's value as placard's component syntax writes it.
  function quote(value) {
    return '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") + '"';
  }

  function argsText(c, data) {
    var parts = [];
    c.args.forEach(function (a) {
      var v = data[a.name];
      if (v === undefined || v === null || v === "") return;
      var bare = a.bare && /^(-?[0-9]+(\.[0-9]+)?|true|false)$/.test(String(v));
      parts.push(a.name + "=" + (bare ? String(v) : quote(v)));
    });
    return parts.join(", ");
  }

  // `id="x", level=3` -> { id: "x", level: "3" }.
  function parseArgs(text) {
    var out = {};
    var re = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^,\s)]+))/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      var raw = m[3] !== undefined ? m[3] : m[4] !== undefined ? m[4] : m[5];
      out[m[1]] = raw.replace(/\\n/g, "\n").replace(/\\(.)/g, "$1");
    }
    return out;
  }

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function component(c) {
    var fields = c.args.map(function (a) {
      return { name: a.name, label: a.name, widget: "string", required: false, hint: a.example ? "For example: " + a.example : "" };
    });
    var name = escapeRe(c.name);
    if (c.block) {
      fields.push({ name: "body", label: "Text", widget: "markdown", required: false });
      return {
        id: c.name,
        label: c.label,
        fields: fields,
        pattern: new RegExp("^\\{% " + name + "\\(([^\\n]*)\\) %\\}\\n([\\s\\S]*?)\\n\\{% end %\\}"),
        fromBlock: function (m) {
          var data = parseArgs(m[1]);
          data.body = m[2];
          return data;
        },
        toBlock: function (data) {
          return "{% " + c.name + "(" + argsText(c, data) + ") %}\n" + (data.body || "") + "\n{% end %}";
        },
        toPreview: function (data) {
          return "<div class=\"placard-component\"><strong>" + c.name + "</strong></div>";
        },
      };
    }
    return {
      id: c.name,
      label: c.label,
      fields: fields,
      pattern: new RegExp("^\\{\\{ " + name + "\\(([^\\n]*)\\) \\}\\}$"),
      fromBlock: function (m) {
        return parseArgs(m[1]);
      },
      toBlock: function (data) {
        return "{{ " + c.name + "(" + argsText(c, data) + ") }}";
      },
      toPreview: function () {
        return "<p><strong>" + c.name + "</strong></p>";
      },
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var cms = window.CMS;
    if (!cms) return;
    fetch("/admin/placard.json", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .catch(function () { return { components: [], styles: [] }; })
      .then(function (extras) {
        (extras.styles || []).forEach(function (href) { cms.registerPreviewStyle(href); });
        (extras.components || []).forEach(function (c) { cms.registerEditorComponent(component(c)); });
        cms.init();
      });
  });
})();
