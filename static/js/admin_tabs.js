/* The subset of jQuery UI's tabs() that modeltranslation's tabbed_translation_fields.js
   calls: tabs({active: n}) and tabs("option", "active", n). modeltranslation loads jQuery UI
   from a CDN by default; the admin drops that URL (offline, CSP) and loads this file instead.
   It stands down if a real jQuery UI is loaded. */
(function ($) {
  if (!$ || $.fn.tabs) { return; }
  function show(box, index) {
    var items = box.children("ul").children("li"), panels = box.children("div");
    index = Math.max(0, Math.min(index || 0, items.length - 1));
    items.each(function (i) {
      $(this).toggleClass("ui-tabs-active ui-state-active", i === index);
      panels.eq(i).toggle(i === index);
    });
  }
  $.fn.tabs = function (options, name, value) {
    return this.each(function () {
      var box = $(this);
      if (options === "option") { if (name === "active") { show(box, value); } return; }
      box.addClass("ui-tabs").children("div").addClass("ui-tabs-panel");
      box.children("ul").addClass("ui-tabs-nav ui-helper-clearfix")
        .children("li").addClass("ui-state-default")
        .children("a").on("click", function (event) {
          event.preventDefault();
          show(box, $(this).parent().index());
        });
      show(box, (options || {}).active);
    });
  };
})(window.django && window.django.jQuery);
