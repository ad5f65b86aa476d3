// The report form: fill the hidden latitude/longitude from the browser's geolocation when the
// user allows it. No network besides the form's own post; nothing if geolocation is absent.
(function () {
  "use strict";
  function ready() {
    var lat = document.getElementById("id_latitude");
    var lng = document.getElementById("id_longitude");
    var status = document.getElementById("grid-location");
    if (!lat || !lng || !navigator.geolocation) {
      return;
    }
    if (lat.value && lng.value) {
      return;
    }
    function say(key) {
      if (status) {
        status.textContent = status.dataset[key] || "";
      }
    }
    say("locating");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        say("located");
      },
      function () {
        say("unavailable");
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
