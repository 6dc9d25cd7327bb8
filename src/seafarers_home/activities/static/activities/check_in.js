// The door's camera: where the browser has BarcodeDetector, read QR codes from the camera and
// post the code through the page's own form (which also works typed in, without this script).
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var form = document.getElementById("check-in-form");
  var input = document.getElementById("code");
  var video = document.getElementById("camera");
  var box = document.getElementById("scanner");
  var detector;
  try {
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  } catch (e) {
    return;
  }
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: "environment" } })
    .then(function (stream) {
      video.srcObject = stream;
      box.hidden = false;
      return video.play();
    })
    .then(function scan() {
      detector
        .detect(video)
        .then(function (codes) {
          if (codes.length && codes[0].rawValue) {
            input.value = codes[0].rawValue;
            form.submit();
            return;
          }
          window.setTimeout(scan, 250);
        })
        .catch(function () {
          window.setTimeout(scan, 500);
        });
    })
    .catch(function () {
      box.hidden = true; // no camera or no permission: the typed code still works
    });
})();
