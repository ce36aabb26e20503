// The search filters (jobs/role_search.html) sit in a <details> that is closed
// on a phone, so the first result shows above the fold; on a wide screen, where
// they sit beside the results, open them. Without JavaScript the summary opens them.
(function () {
  var filters = document.getElementById("search-filters");
  if (filters && window.matchMedia("(min-width: 992px)").matches) {
    filters.open = true;
  }
})();
