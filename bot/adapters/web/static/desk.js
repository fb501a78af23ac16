/* The live countdown: ticks every second from the server's "now" (the app's one clock), so the
   browser's own date does not matter. The deadline is also on the page as text. */
(function () {
  "use strict";
  var serverNow = Date.parse(document.body.getAttribute("data-now"));
  if (isNaN(serverNow)) { return; }
  var offset = serverNow - Date.now();
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function words(ms) {
    var late = ms < 0;
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    var text = (d ? d + " d " : "") + (d || h ? h + " u " : "") + m + " min " + pad(s) + " s";
    return late ? text + " over de termijn" : "nog " + text;
  }
  function tick() {
    var now = Date.now() + offset;
    var clocks = document.querySelectorAll("[data-deadline]");
    for (var i = 0; i < clocks.length; i++) {
      var left = Date.parse(clocks[i].getAttribute("data-deadline")) - now;
      clocks[i].textContent = words(left);
      clocks[i].classList.toggle("late", left < 0);
      clocks[i].setAttribute("data-live", "1");
    }
  }
  tick();
  window.setInterval(tick, 1000);
})();
