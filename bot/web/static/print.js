/* The copy of a result (result_copy.html): the "Printen" button opens the browser's print dialog. */
(function () {
  'use strict';
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i += 1) {
    buttons[i].addEventListener('click', function () { window.print(); });
  }
}());
