// Shows the visitor's own time beside each event time given in the event's zone.
document.addEventListener("DOMContentLoaded", function () {
  var format = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment)) return;
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (your time: " + format.format(moment) + ")";
    element.after(span);
  });
});
