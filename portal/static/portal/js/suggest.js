// Fills a <datalist> with suggestions from a JSON endpoint as the user types.
// With data-multi, the input holds a comma-separated list and only the last
// item is completed. Works without JavaScript: free text is always accepted.
(function () {
  const script = document.currentScript;
  const input = document.getElementById(script.dataset.input);
  const list = document.getElementById(script.dataset.list);
  const multi = "multi" in script.dataset;
  if (!input || !list) return;
  input.setAttribute("list", list.id);
  let timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const parts = input.value.split(",");
    const text = (multi ? parts[parts.length - 1] : input.value).trim();
    const head = multi ? parts.slice(0, -1).map((p) => p.trim()).filter(Boolean) : [];
    if (text.length < 2) return;
    timer = setTimeout(async function () {
      const response = await fetch(script.dataset.url + "?q=" + encodeURIComponent(text));
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(...data.results.map(function (name) {
        const option = document.createElement("option");
        option.value = head.concat([name]).join(", ");
        return option;
      }));
    }, 150);
  });
})();
