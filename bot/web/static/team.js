/* Draws the current-vs-desired rung chart with the vendored Chart.js (window.Chart). */
(function () {
  'use strict';
  var canvas = document.getElementById('rung-chart');
  var source = document.getElementById('rung-data');
  if (!canvas || !source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  window.Chart.defaults.font.size = 14;
  window.Chart.defaults.color = '#1a1a1a';
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels.map(function (label, index) { return 'Trede ' + (index + 1); }),
      datasets: [
        { label: 'Nu', data: data.current, backgroundColor: '#1b5470' },
        { label: 'Gewenst', data: data.desired, backgroundColor: '#c25e00' }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Aantal naasten' } },
        x: { ticks: { autoSkip: false, maxRotation: 0 } }
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { title: function (items) { return data.labels[items[0].dataIndex]; } } }
      }
    }
  });
}());
