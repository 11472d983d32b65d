// Shows the visitor's own time beside each event time given in the event's zone:
// <time data-local-time> a date and time, <time data-local-weekday> (a recurring event's
// time) the weekday and time.
document.addEventListener("DOMContentLoaded", function () {
  var full = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  var weekday = new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  document.querySelectorAll("time[data-local-time], time[data-local-weekday]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment)) return;
    var format = element.hasAttribute("data-local-weekday") ? weekday : full;
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (your time: " + format.format(moment) + ")";
    element.after(span);
  });
});
