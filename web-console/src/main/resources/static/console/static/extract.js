// Follows a log extract being made and says how far it has come in the page's live region; when it is ready (or
// failed), reloads the page, which then offers the file. Without script the page's "check again" link does the same.
(function () {
  var box = document.getElementById('extract-progress');
  if (!box || box.getAttribute('data-state') !== 'RUNNING') {
    return;
  }
  var statusUrl = box.getAttribute('data-status');
  function poll() {
    fetch(statusUrl, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) {
        // Anything but the status itself (the session ended, the job is gone): the page, reloaded, says what happened.
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok || response.redirected || type.indexOf('application/json') !== 0) {
          return {state: 'GONE'};
        }
        return response.json();
      })
      .then(function (status) {
        if (status.state === 'RUNNING') {
          document.getElementById('extract-read').textContent = status.read;
          if (status.writing) {
            document.getElementById('extract-writing').removeAttribute('hidden');
          }
          setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
