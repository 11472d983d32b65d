/*
 * python.org: small progressive enhancements, plain JavaScript, no build step.
 * Everything works without this file: the main navigation stays visible, drop-downs open on
 * hover and keyboard focus, code samples stack, the banner stays.
 *
 * Loaded (without defer) in <head>: the first lines run before the body is drawn, so the page
 * is laid out once in its "js" form; the rest waits for the DOM.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var BANNER_KEY = "pydotorg:dismissed-banner";

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* private mode or storage disabled: the banner just comes back next time */
    }
  }

  // A visitor who dismissed a banner does not see it flash before the DOM is ready.
  if (storageGet(BANNER_KEY)) {
    root.classList.add("banner-pending");
  }

  var wide = window.matchMedia("(min-width: 768px)");
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function onMediaChange(query, handler) {
    if (query.addEventListener) {
      query.addEventListener("change", handler);
    } else if (query.addListener) {
      query.addListener(handler);
    }
  }

  /* ------------------------------------------------------------ banner */
  function initBanner() {
    var banner = document.querySelector(".site-banner[data-banner-key]");
    root.classList.remove("banner-pending");
    if (!banner) {
      return;
    }
    var key = banner.getAttribute("data-banner-key");
    if (storageGet(BANNER_KEY) === key) {
      banner.hidden = true;
      return;
    }
    var close = banner.querySelector(".site-banner-close");
    if (!close) {
      return;
    }
    close.hidden = false;
    close.addEventListener("click", function () {
      storageSet(BANNER_KEY, key);
      banner.hidden = true;
      var logo = document.querySelector(".logo");
      if (logo) {
        logo.focus();
      }
    });
  }

  /* ------------------------------------------------------------ main navigation */
  function initNavigation() {
    var nav = document.getElementById("main-nav");
    if (!nav) {
      return;
    }
    var menuButton = document.querySelector(".menu-toggle[aria-controls='main-nav']");
    var items = Array.prototype.slice.call(nav.querySelectorAll(".main-nav-item.has-subnav"));

    function setMenu(open) {
      nav.classList.toggle("is-open", open);
      if (menuButton) {
        menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      }
    }

    if (menuButton) {
      menuButton.addEventListener("click", function () {
        setMenu(menuButton.getAttribute("aria-expanded") !== "true");
      });
    }

    function subnavOf(item) {
      return item.querySelector(".subnav");
    }

    function toggleOf(item) {
      return item.querySelector(".subnav-toggle");
    }

    function isShown(item) {
      var subnav = subnavOf(item);
      return !!subnav && window.getComputedStyle(subnav).display !== "none";
    }

    // A drop-down panel that would stick out of the window opens leftwards instead.
    function fit(item) {
      var subnav = subnavOf(item);
      if (!subnav || !wide.matches) {
        return;
      }
      subnav.classList.remove("align-right");
      if (subnav.getBoundingClientRect().right > document.documentElement.clientWidth) {
        subnav.classList.add("align-right");
      }
    }

    // aria-expanded follows what is on screen, whatever opened it (hover, focus, toggle).
    function sync(item) {
      var toggle = toggleOf(item);
      var shown = isShown(item);
      if (shown) {
        fit(item);
      }
      if (toggle) {
        toggle.setAttribute("aria-expanded", shown ? "true" : "false");
      }
    }

    function syncAll() {
      items.forEach(sync);
    }

    function open(item) {
      if (wide.matches) {
        items.forEach(function (other) {
          if (other !== item) {
            other.classList.remove("is-open");
          }
        });
      }
      item.classList.remove("is-closed");
      item.classList.add("is-open");
      syncAll();
    }

    function close(item) {
      item.classList.remove("is-open");
      // On wide screens the panel may be held open by hover or focus: "is-closed" overrides
      // those until the pointer or the focus leaves the item.
      if (wide.matches) {
        item.classList.add("is-closed");
      }
      syncAll();
    }

    items.forEach(function (item) {
      var toggle = toggleOf(item);
      if (toggle) {
        toggle.addEventListener("click", function () {
          // A panel shown only because the pointer is over it gets pinned open by a click;
          // one opened by the toggle, or by keyboard focus, is closed.
          var pinned = item.classList.contains("is-open");
          var hovered = item.matches(":hover");
          if (pinned || (isShown(item) && !hovered)) {
            close(item);
          } else {
            open(item);
          }
        });
      }
      item.addEventListener("mouseenter", function () {
        window.requestAnimationFrame(function () {
          sync(item);
        });
      });
      item.addEventListener("mouseleave", function () {
        item.classList.remove("is-closed");
        window.requestAnimationFrame(function () {
          sync(item);
        });
      });
      item.addEventListener("focusin", function () {
        sync(item);
      });
      item.addEventListener("focusout", function (event) {
        if (!item.contains(event.relatedTarget)) {
          item.classList.remove("is-closed");
          if (wide.matches) {
            item.classList.remove("is-open");
          }
          window.requestAnimationFrame(function () {
            sync(item);
          });
        }
      });
    });

    // Escape closes the open panel (and then the phone menu), returning focus to its opener.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") {
        return;
      }
      var current = document.activeElement;
      var item = current && current.closest ? current.closest(".main-nav-item.has-subnav") : null;
      if (!item) {
        item = items.filter(isShown)[0] || null;
      }
      if (item && isShown(item)) {
        close(item);
        var link = item.querySelector(".main-nav-link");
        if (link && nav.contains(current)) {
          link.focus();
        }
        return;
      }
      if (!wide.matches && nav.classList.contains("is-open") && menuButton) {
        setMenu(false);
        menuButton.focus();
      }
    });

    // A click outside the navigation closes a panel opened with its toggle.
    document.addEventListener("click", function (event) {
      if (!wide.matches || nav.contains(event.target)) {
        return;
      }
      items.forEach(function (item) {
        item.classList.remove("is-open");
      });
      syncAll();
    });

    // Switching between phone and wide layouts starts from a clean state.
    onMediaChange(wide, function () {
      items.forEach(function (item) {
        item.classList.remove("is-open", "is-closed");
      });
      setMenu(false);
      syncAll();
    });

    // The section of the current page is highlighted (its URL is a prefix of this path).
    var path = window.location.pathname;
    Array.prototype.forEach.call(nav.querySelectorAll(".main-nav-link"), function (link) {
      var href = link.getAttribute("href") || "";
      if (href.charAt(0) === "/" && href !== "/" && path.indexOf(href) === 0) {
        link.parentNode.classList.add("is-active");
      }
    });
  }

  /* ------------------------------------------------------------ code sample carousel */
  function initCarousel(carousel) {
    var slides = Array.prototype.slice.call(carousel.querySelectorAll(".slide"));
    var controls = carousel.querySelector(".carousel-controls");
    if (slides.length < 2 || !controls) {
      return;
    }
    var container = carousel.querySelector(".carousel-slides");
    var prev = controls.querySelector(".carousel-prev");
    var next = controls.querySelector(".carousel-next");
    var pause = controls.querySelector(".carousel-pause");
    var status = controls.querySelector(".carousel-status");
    var index = 0;
    var timer = null;
    var stoppedByUser = false;
    var hovered = false;
    var focused = false;
    var DELAY = 8000;

    function show(newIndex, moved) {
      index = (newIndex + slides.length) % slides.length;
      if (moved !== false) {
        carousel.classList.add("has-moved");
      }
      slides.forEach(function (slide, i) {
        var current = i === index;
        slide.classList.toggle("is-current", current);
        // Hidden slides leave the accessibility tree and the tab order.
        if (current) {
          slide.removeAttribute("aria-hidden");
          slide.removeAttribute("inert");
        } else {
          slide.setAttribute("aria-hidden", "true");
          slide.setAttribute("inert", "");
        }
      });
      if (status) {
        status.textContent = index + 1 + " / " + slides.length;
      }
    }

    function canRotate() {
      return !reducedMotion.matches && !stoppedByUser;
    }

    function update() {
      var rotating = canRotate() && !hovered && !focused && !document.hidden;
      if (rotating && !timer) {
        timer = window.setInterval(function () {
          show(index + 1);
        }, DELAY);
      } else if (!rotating && timer) {
        window.clearInterval(timer);
        timer = null;
      }
      // Announce slide changes only when the visitor makes them.
      container.setAttribute("aria-live", rotating ? "off" : "polite");
      if (pause) {
        pause.hidden = reducedMotion.matches;
        pause.textContent = stoppedByUser ? "Play" : "Pause";
        pause.setAttribute("aria-label", stoppedByUser ? "Start rotating the code samples" : "Stop rotating the code samples");
      }
    }

    function stop() {
      stoppedByUser = true;
      update();
    }

    prev.addEventListener("click", function () {
      stop();
      show(index - 1);
    });
    next.addEventListener("click", function () {
      stop();
      show(index + 1);
    });
    if (pause) {
      pause.addEventListener("click", function () {
        stoppedByUser = !stoppedByUser;
        update();
      });
    }
    carousel.addEventListener("mouseenter", function () {
      hovered = true;
      update();
    });
    carousel.addEventListener("mouseleave", function () {
      hovered = false;
      update();
    });
    carousel.addEventListener("focusin", function () {
      focused = true;
      update();
    });
    carousel.addEventListener("focusout", function (event) {
      if (!carousel.contains(event.relatedTarget)) {
        focused = false;
        update();
      }
    });
    carousel.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest("a, input, textarea")) {
        return;
      }
      if (event.key === "ArrowLeft") {
        stop();
        show(index - 1);
        prev.focus();
      } else if (event.key === "ArrowRight") {
        stop();
        show(index + 1);
        next.focus();
      }
    });
    document.addEventListener("visibilitychange", update);
    onMediaChange(reducedMotion, update);

    controls.hidden = false;
    carousel.classList.add("is-enhanced");
    show(0, false);
    update();
  }

  /* ------------------------------------------------------------ start */
  function start() {
    initBanner();
    initNavigation();
    Array.prototype.forEach.call(document.querySelectorAll("[data-carousel]"), initCarousel);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
