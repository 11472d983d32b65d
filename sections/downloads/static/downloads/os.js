// The visitor's operating system first, chosen in the browser: the server sends every OS's
// download button in the same neutral order to everyone (so a cache or CDN can serve the
// page to all). This marks the button of the OS the browser reports, moves it first and
// names the OS in the heading. Without JavaScript the neutral list stays.
(function () {
  "use strict";
  var platform = (navigator.userAgentData && navigator.userAgentData.platform) || "";
  var agent = platform + " " + navigator.userAgent;
  // Most specific first: Android says "Linux", iOS says "Mac OS X".
  var rules = [
    [/android/i, "android"],
    [/iphone|ipad|ipod/i, "ios"],
    [/windows|win32|win64/i, "windows"],
    [/mac/i, "macos"],
    [/linux|x11|cros|bsd|unix/i, "source"],
  ];
  var slug = null;
  for (var i = 0; i < rules.length && !slug; i++) {
    if (rules[i][0].test(agent)) slug = rules[i][1];
  }
  if (!slug) return;
  document.querySelectorAll("[data-download-os]").forEach(function (list) {
    var item = list.querySelector('[data-os="' + slug + '"]');
    if (!item) return;
    item.classList.add("is-visitor-os");
    list.insertBefore(item, list.firstElementChild);
    var heading = document.getElementById(list.dataset.heading);
    if (heading && item.dataset.headingText) heading.textContent = item.dataset.headingText;
  });
})();
