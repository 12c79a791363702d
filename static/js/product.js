// Keeps the size select honest for the chosen color: a size the color does not come in, or
// that is sold out in it, cannot be chosen. The availability table below the form is the data.
// Without JavaScript the form still works and the server has the last word.
(function () {
  'use strict';
  var form = document.querySelector('form.add-to-cart');
  if (!form) return;
  var color = form.querySelector('#color');
  var size = form.querySelector('#size');
  var rows = document.querySelectorAll('tr.variant');

  function update() {
    var stock = {};
    rows.forEach(function (row) {
      if (row.dataset.color === color.value) stock[row.dataset.size] = Number(row.dataset.available);
    });
    Array.prototype.forEach.call(size.options, function (option) {
      if (!option.value) return;
      var count = stock[option.value];
      option.disabled = !(count > 0);
      option.textContent = option.value +
        (count === undefined ? ' (not in this color)' : count > 0 ? '' : ' (sold out)');
    });
    var chosen = size.options[size.selectedIndex];
    if (chosen && chosen.disabled) size.value = '';
  }

  color.addEventListener('change', update);
  update();
}());
