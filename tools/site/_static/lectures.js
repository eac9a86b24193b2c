// The widget manager typesets slider labels with MathJax 2's API (MathJax.Hub.Queue);
// the site loads MathJax 3, so translate, after MathJax's own first typeset.
document.addEventListener("DOMContentLoaded", function () {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise && !MathJax.Hub) {
    MathJax.Hub = {Queue: function (job) {
      var element = job && job[2];
      MathJax.startup.promise = MathJax.startup.promise.then(function () {
        return MathJax.typesetPromise(element ? [element] : undefined);
      });
    }};
  }
});
