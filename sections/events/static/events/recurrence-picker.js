// The admin's recurrence picker (sections/events/forms.py EventAdminForm): shows only the
// choices that apply to the chosen frequency. The rule itself is written on the server.
(function () {
  function wrapper(name) {
    var field = document.querySelector('[name="' + name + '"]');
    return field && field.closest("[data-field-wrapper], .w-field__wrapper");
  }

  function update() {
    var select = document.querySelector('select[name="repeat"]');
    if (!select) return;
    var repeat = select.value;
    var picked = repeat !== "" && repeat !== "custom";
    var shown = {
      repeat_interval: picked,
      repeat_weekdays: picked && repeat !== "YEARLY",
      repeat_week: repeat === "MONTHLY",
      repeat_until: picked,
      repeat_count: picked,
      rrule: repeat === "custom",
    };
    Object.keys(shown).forEach(function (name) {
      var element = wrapper(name);
      if (element) element.hidden = !shown[name];
    });
  }

  function start() {
    var select = document.querySelector('select[name="repeat"]');
    if (!select) return;
    select.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
