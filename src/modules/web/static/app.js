// Progressive enhancement only: every form works without this file.
(function () {
  'use strict';
  // Attachment uploads: show progress while the file is sent (falls back to the plain form).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-upload') || !window.XMLHttpRequest || !window.FormData) return;
    var bar = form.querySelector('progress');
    if (!bar) return;
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', function (progress) {
      if (progress.lengthComputable) bar.value = Math.round((progress.loaded / progress.total) * 100);
    });
    request.addEventListener('load', function () {
      // A refused upload answers with the page and its errors: show it in place.
      var answer = request.status >= 400 && window.DOMParser ? new window.DOMParser().parseFromString(request.responseText, 'text/html').querySelector('main') : null;
      var main = document.querySelector('main');
      if (answer && main) {
        main.replaceWith(answer);
        var summary = answer.querySelector('.error-summary');
        if (summary) summary.focus();
        return;
      }
      window.location.assign(request.responseURL || form.getAttribute('data-return') || window.location.href);
    });
    request.addEventListener('error', function () { form.submit(); });
    bar.hidden = false;
    request.send(new FormData(form));
  });
})();
