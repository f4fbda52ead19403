/* The people picker of the mentorship form: Tom Select on «Mentor» and «Mentees», asking the portal's own
   search (mentorship:people_search) as the curator types. Without JavaScript the form keeps its «Find»
   buttons, which reload it with the people found (server-side); this file hides them. No inline script:
   every text comes from the form's data-text-* attributes (translated on the server). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-picker-url]");
  if (!form || typeof window.TomSelect === "undefined") {
    return;
  }
  var text = form.dataset;
  var formSelect = form.querySelector("select[name=form]");
  var roleModel = form.querySelector("select[name=role_model]");
  var category = form.querySelector("select[name=mentee_category]");
  var freeOnly = form.querySelector("input[name=mentor_free]");
  var pickers = [];

  function chosenFormName() {
    if (!formSelect || !formSelect.value) {
      return null;
    }
    return formSelect.options[formSelect.selectedIndex].text;
  }

  /* Role models are grouped by form (optgroup): only the chosen form's group is offered. */
  function narrowRoleModels() {
    if (!roleModel) {
      return;
    }
    var name = chosenFormName();
    Array.prototype.forEach.call(roleModel.querySelectorAll("optgroup"), function (group) {
      var other = name !== null && group.label !== name;
      group.hidden = other;
      group.disabled = other;
    });
    var selected = roleModel.options[roleModel.selectedIndex];
    if (selected && selected.parentElement.disabled) {
      roleModel.value = "";
    }
  }

  function personOption(item, escape) {
    var html = '<div class="d-flex flex-wrap justify-content-between gap-2"><span>' + escape(item.name || item.text) + "</span>";
    var details = [];
    if (item.detail) {
      details.push(escape(item.detail));
    }
    if (item.free !== null && item.free !== undefined) {
      details.push(escape(text.textFree) + ": " + escape(String(item.free)));
    }
    if (details.length) {
      html += '<small class="text-body-secondary">' + details.join(" · ") + "</small>";
    }
    return html + "</div>";
  }

  function picker(select) {
    var role = select.dataset.picker;
    var options = {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      loadThrottle: 250,
      closeAfterSelect: !select.multiple,
      placeholder: text.textType,
      plugins: select.multiple ? { remove_button: { title: text.textRemove } } : {},
      score: function () {
        return function () {
          return 1; /* the server has found and ordered them */
        };
      },
      shouldLoad: function (query) {
        return query.trim().length > 0;
      },
      load: function (query, callback) {
        var self = this;
        var params = new URLSearchParams({ role: role, q: query });
        if (formSelect && formSelect.value) {
          params.set("form", formSelect.value);
        }
        if (role === "mentee" && category && category.value) {
          params.set("category", category.value);
        }
        if (role === "mentor" && freeOnly && freeOnly.checked) {
          params.set("free", "1");
        }
        fetch(form.dataset.pickerUrl + "?" + params.toString(), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : Promise.reject(response.status);
          })
          .then(function (data) {
            self.clearOptions(); /* only the people found for this query (the chosen ones stay) */
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        option: personOption,
        item: function (item, escape) {
          return "<div>" + escape(item.text) + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">' + text.textNoResults + "</div>";
        },
        loading: function () {
          return '<div class="p-2 text-body-secondary">' + text.textLoading + "</div>";
        },
      },
    };
    var instance = new window.TomSelect(select, options);
    /* Tom Select moves the label to its own input; the original list, still read by screen readers, keeps its name. */
    var label = document.getElementById(select.id + "-ts-label");
    if (label) {
      select.setAttribute("aria-labelledby", label.id);
    }
    pickers.push(instance);
    return instance;
  }

  /* A changed filter asks the server again: what was found for the old one is forgotten (the choice stays). */
  function forgetFound() {
    pickers.forEach(function (instance) {
      instance.clearOptions();
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("select[data-picker]"), picker);
  Array.prototype.forEach.call(form.querySelectorAll("[data-picker-fallback]"), function (block) {
    block.hidden = true;
  });
  if (formSelect) {
    formSelect.addEventListener("change", function () {
      narrowRoleModels();
      forgetFound();
    });
  }
  [category, freeOnly].forEach(function (control) {
    if (control) {
      control.addEventListener("change", forgetFound);
    }
  });
  narrowRoleModels();
})();
