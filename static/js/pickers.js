// Searchable pickers (committee/pickers.py, members/pickers.py): each select[data-picker] becomes a Tom Select
// search box (static/vendor/tom-select) that finds a unit or a person by any word of its option's text and shows
// the name above its detail (data-name, data-detail). Without script the select stays a grouped list.
(function () {
  "use strict";
  if (typeof window.TomSelect === "undefined") {
    return;
  }
  var english = document.documentElement.lang === "en";
  var words = english
    ? { search: "Type to search…", none: "No match", remove: "Remove" }
    : { search: "输入名称或姓名查找…", none: "没有找到", remove: "移除" };

  function enhance(select) {
    if (select.tomselect) {
      return;
    }
    var multiple = select.multiple;
    var picker = new window.TomSelect(select, {
      plugins: multiple ? { remove_button: { title: words.remove } } : {},
      maxOptions: null,
      searchField: ["text"],
      placeholder: words.search,
      hidePlaceholder: false,
      closeAfterSelect: true,
      refreshThrottle: 0,
      render: {
        option: function (data, escape) {
          var detail = data.detail ? '<small class="d-block text-body-secondary">' + escape(data.detail) + "</small>" : "";
          return "<div><span>" + escape(data.name || data.text) + "</span>" + detail + "</div>";
        },
        item: function (data, escape) {
          return "<div>" + escape(data.name || data.text) + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">' + words.none + "</div>";
        },
      },
    });
    // A list opens only under the field the person is in. Tom Select searches 300 ms after the last key by default,
    // and that late search reopens the list (and takes the focus back) even when the person has since chosen an
    // option and moved on: search at once (the options are all on the page), and refuse any opening that does not
    // come from the focused field. (Tom Select's open() focuses the field itself before it says the list is open,
    // so the check must come before open(), not in "dropdown_open".)
    var open = picker.open;
    picker.open = function () {
      if (picker.wrapper.contains(document.activeElement)) {
        open.apply(picker, arguments);
      }
    };
    // A click or focus anywhere else closes the list, even when Tom Select missed its own blur (a mouse-up lost
    // on a busy machine leaves it ignoring blur).
    ["mousedown", "focusin"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (picker.isOpen && !picker.wrapper.contains(event.target)) {
          picker.close();
        }
      });
    });
    // Tom Select points the field's label at its search box; the select it hides keeps the label too, by id.
    var label = document.querySelector('label[for="' + picker.control_input.id + '"]');
    if (label && label.id) {
      select.setAttribute("aria-labelledby", label.id);
    }
  }

  function scan(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhance);
  }
  scan();
  document.addEventListener("htmx:afterSwap", function (event) {
    scan(event.target);
  });
})();
