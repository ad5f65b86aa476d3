// The filing form: the discretion levels offered are those of the chosen power (each option
// carries its power's id in data-power); without JavaScript every level stays listed and the
// form refuses a level of another power.
(function () {
  "use strict";
  function sync(power, level) {
    var chosen = power.value;
    Array.prototype.forEach.call(level.options, function (option) {
      var own = !option.value || !chosen || option.getAttribute("data-power") === chosen;
      option.hidden = !own;
      option.disabled = !own;
      if (!own && option.selected) { level.value = ""; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var power = document.getElementById("id_power");
    var level = document.getElementById("id_discretion_level");
    if (!power || !level) { return; }
    power.addEventListener("change", function () { sync(power, level); });
    sync(power, level);
  });
})();
