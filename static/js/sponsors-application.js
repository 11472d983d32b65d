/* The sponsorship application's step 1 (templates/sponsors/application.html): picking a
   package checks its benefits and unchecks those of the package left. The server checks
   every rule again; without this script, a package sent with no benefit brings them all. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector(".sponsor-application");
    if (!form) return;
    var radios = form.querySelectorAll('input[name="package"]');
    var boxes = form.querySelectorAll('input[name="benefits"]');
    function current() {
      var picked = form.querySelector('input[name="package"]:checked');
      return picked ? picked.value : "";
    }
    function inPackage(box, pk) {
      return pk !== "" && (" " + box.getAttribute("data-packages") + " ").indexOf(" " + pk + " ") !== -1;
    }
    var previous = current();
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", function () {
        var pk = current();
        Array.prototype.forEach.call(boxes, function (box) {
          if (box.disabled) return;
          if (inPackage(box, pk)) box.checked = true;
          else if (inPackage(box, previous)) box.checked = false;
        });
        previous = pk;
      });
    });
  });
})();
