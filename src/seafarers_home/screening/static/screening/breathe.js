// Box breathing 4-4-4-4, four rounds. No libraries, no network: works offline once loaded.
// Without JavaScript the page shows the same steps as text.
(function () {
  "use strict";
  var root = document.getElementById("breathe");
  if (!root) return;
  var steps = root.getAttribute("data-steps").split("|");
  var box = root.querySelector(".breathe-box");
  var text = root.querySelector(".breathe-text");
  var button = root.querySelector("button");
  var SECONDS = 4, ROUNDS = 4, timer = null, tick = 0;
  // Box size per phase: grow on the in-breath, stay, shrink on the out-breath, stay.
  var scale = ["1", "1", ".5", ".5"];

  function stop(message) {
    clearInterval(timer);
    timer = null;
    button.textContent = root.getAttribute("data-start");
    text.textContent = message || "";
    box.style.transform = "scale(.5)";
  }

  function step() {
    var phase = Math.floor(tick / SECONDS) % 4;
    if (tick >= SECONDS * 4 * ROUNDS) {
      stop(root.getAttribute("data-done"));
      return;
    }
    text.textContent = steps[phase] + " " + (SECONDS - (tick % SECONDS));
    box.style.transform = "scale(" + scale[phase] + ")";
    tick += 1;
  }

  button.addEventListener("click", function () {
    if (timer) {
      stop("");
      return;
    }
    tick = 0;
    button.textContent = root.getAttribute("data-stop");
    step();
    timer = setInterval(step, 1000);
  });
  root.hidden = false;
})();
