// Every script error of the page, for readers and for tests: window.broadsideReport.errors.
window.broadsideReport = { errors: [], charts: 0 };
window.addEventListener('error', function (e) {
  window.broadsideReport.errors.push(String(e.message || e.type) + ' @ ' + (e.filename || '') + ':' + (e.lineno || 0));
});
window.addEventListener('unhandledrejection', function (e) {
  window.broadsideReport.errors.push('unhandled rejection: ' + String(e.reason));
});
