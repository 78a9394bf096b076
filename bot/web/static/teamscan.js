/* Draws the staff quick scan rounds side by side (mean per part per round) with Chart.js. */
(function () {
  'use strict';
  var canvas = document.getElementById('rounds-chart');
  var source = document.getElementById('rounds-data');
  if (!canvas || !source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var colours = ['#1b5470', '#c25e00', '#2e7d32', '#6a1b9a', '#455a64'];
  window.Chart.defaults.font.size = 14;
  window.Chart.defaults.color = '#1a1a1a';
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.rounds.map(function (round, index) {
        return { label: round.label, data: round.means, backgroundColor: colours[index % colours.length] };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: { min: 1, max: 4, ticks: { stepSize: 1 }, title: { display: true, text: 'Gemiddelde (1 tot 4)' } },
        x: { ticks: { autoSkip: false, maxRotation: 0 } }
      },
      plugins: { legend: { position: 'bottom' } }
    }
  });
}());
